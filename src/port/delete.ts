import type { Limit } from "../runtime/limit.ts";
import { HttpError } from "../runtime/http.ts";
import type { PortClient } from "./client.ts";
import { TransientWriteError } from "./errors.ts";
import { groupByBlueprint, runAll } from "./group.ts";
import { BulkDeleteResponse, parseResponse } from "./schemas.ts";
import type { DeleteResult, EntityRef } from "./types.ts";

export interface DeleteOptions {
  /** Also delete entities related to the deleted ones; without it Port deletes nothing if any has dependents. */
  deleteDependents: boolean;
  userAgent: string;
}

export interface DeleteDeps {
  client: PortClient;
  limit: Limit;
  /** Port accepts at most 100 identifiers per bulk delete. */
  maxIds: number;
}

export async function deleteEntities(deps: DeleteDeps, refs: readonly EntityRef[], options: DeleteOptions): Promise<DeleteResult> {
  const result: DeleteResult = { deleted: [], failed: [] };
  const query = { delete_dependents: String(options.deleteDependents) };

  async function send(blueprint: string, batch: readonly EntityRef[]): Promise<void> {
    try {
      const response = await deps.client.call(`/v1/blueprints/${encodeURIComponent(blueprint)}/bulk/entities/delete`, {
        method: "POST",
        query,
        body: { entities: batch.map((ref) => ref.identifier) },
        userAgent: options.userAgent,
      });
      parseResponse(BulkDeleteResponse, response.data, "bulk delete result");
      // A requested id missing from `deletedEntities` was already gone.
      result.deleted.push(...batch);
    } catch (error) {
      if (!(error instanceof HttpError) || error.transient || error.status === 401) throw error;
      // Port's spec says only "a resource with the provided identifier was not found": it may name
      // one id of the batch. One by one, a 404 proves that entity gone and the others get deleted.
      if (error.status === 404) {
        if (batch.length === 1) result.deleted.push(...batch);
        else for (const ref of batch) await send(blueprint, [ref]);
        return;
      }
      for (const ref of batch) {
        result.failed.push({ ...ref, status: error.status, error: error.code ?? "http_error", message: error.detail });
      }
    }
  }

  const tasks: (() => Promise<void>)[] = [];
  for (const [blueprint, group] of groupByBlueprint(refs)) {
    for (let start = 0; start < group.length; start += deps.maxIds) {
      const batch = group.slice(start, start + deps.maxIds);
      tasks.push(() => send(blueprint, batch));
    }
  }
  await runAll(deps.limit, tasks, (error) =>
    error instanceof HttpError && error.transient ? new TransientWriteError(error, result) : error,
  );
  return result;
}
