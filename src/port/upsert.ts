import type { Entity } from "../mapping/types.ts";
import type { Limit } from "../runtime/limit.ts";
import { HttpError } from "../runtime/http.ts";
import { packBatches, packedBody, type BatchLimits } from "./batch.ts";
import type { PortClient } from "./client.ts";
import { TransientWriteError } from "./errors.ts";
import { groupByBlueprint, runAll } from "./group.ts";
import { BulkUpsertResponse, parseResponse } from "./schemas.ts";
import type { EntityRef, UpsertResult, WriteFailure } from "./types.ts";

export interface UpsertOptions {
  /** Patch existing entities (only given fields change) instead of replacing them. */
  merge: boolean;
  /** Let Port create stub entities for relation targets that do not exist yet. */
  createMissingRelatedEntities: boolean;
  userAgent: string;
  /** Create only: Port answers 409 for an entity that exists, and leaves it as it is. */
  createOnly?: boolean;
}

export interface UpsertDeps {
  client: PortClient;
  limit: Limit;
  batch: BatchLimits;
}

/** The entity as Port's bulk body takes it: the blueprint is in the path, and null means "absent". */
function toWire(entity: Entity): Record<string, unknown> {
  const wire: Record<string, unknown> = { identifier: entity.identifier };
  if (entity.title != null) wire.title = entity.title;
  if (entity.icon != null) wire.icon = entity.icon;
  if (entity.team != null) wire.team = entity.team;
  wire.properties = entity.properties;
  wire.relations = entity.relations;
  return wire;
}

/**
 * An identifier given as a search query has no name of its own: take the one Port resolved it to
 * when it says so (it answers "unknown" otherwise), else the query's JSON so reports stay readable.
 */
function refOf(entity: Entity, reported?: string): EntityRef {
  const { identifier, blueprint } = entity;
  if (typeof identifier === "string") return { identifier, blueprint };
  return { identifier: reported && reported !== "unknown" ? reported : JSON.stringify(identifier), blueprint };
}

const failureOf = (entity: Entity, status: number, error: string, message: string): WriteFailure => ({
  ...refOf(entity),
  status,
  error,
  message,
});

export async function upsertEntities(deps: UpsertDeps, entities: readonly Entity[], options: UpsertOptions): Promise<UpsertResult> {
  const result: UpsertResult = { written: [], failed: [] };
  const query = {
    upsert: String(!options.createOnly),
    merge: String(options.merge),
    create_missing_related_entities: String(options.createMissingRelatedEntities),
  };

  async function send(blueprint: string, batch: readonly Entity[], json: readonly string[]): Promise<void> {
    let response;
    try {
      response = await deps.client.call(`/v1/blueprints/${encodeURIComponent(blueprint)}/entities/bulk`, {
        method: "POST",
        query,
        body: packedBody("entities", json),
        userAgent: options.userAgent,
      });
    } catch (error) {
      if (!(error instanceof HttpError) || error.transient || error.status === 401) throw error;
      // Our byte count can disagree with Port's limit (e.g. a proxy's); halve until it fits.
      if (error.status === 413 && batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        await send(blueprint, batch.slice(0, middle), json.slice(0, middle));
        await send(blueprint, batch.slice(middle), json.slice(middle));
        return;
      }
      for (const entity of batch) result.failed.push(failureOf(entity, error.status, error.code ?? "http_error", error.detail));
      return;
    }
    const body = parseResponse(BulkUpsertResponse, response.data, "bulk upsert result");
    const reported = new Set<number>();
    for (const ok of body.entities) {
      const entity = batch[ok.index];
      if (!entity || reported.has(ok.index)) continue;
      reported.add(ok.index);
      result.written.push(refOf(entity, ok.identifier));
    }
    for (const failure of body.errors) {
      const entity = batch[failure.index];
      if (!entity || reported.has(failure.index)) continue;
      reported.add(failure.index);
      result.failed.push(failureOf(entity, failure.statusCode, failure.error, failure.message ?? ""));
    }
    batch.forEach((entity, index) => {
      if (!reported.has(index)) {
        result.failed.push(failureOf(entity, response.status, "unreported", "Port's bulk result did not mention this entity"));
      }
    });
  }

  const tasks: (() => Promise<void>)[] = [];
  for (const [blueprint, group] of groupByBlueprint(entities)) {
    const { batches, json, oversized } = packBatches(group, "entities", toWire, deps.batch);
    for (const entity of oversized) {
      result.failed.push(failureOf(entity, 413, "request_too_large", `entity alone exceeds the ${deps.batch.maxBytes}-byte request limit`));
    }
    batches.forEach((batch, i) => tasks.push(() => send(blueprint, batch, json[i]!)));
  }

  await runAll(deps.limit, tasks, (error) =>
    error instanceof HttpError && error.transient ? new TransientWriteError(error, result) : error,
  );
  return result;
}
