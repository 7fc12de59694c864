import type * as v from "valibot";
import type { PortClient } from "./client.ts";
import { DatasourceEntitiesPage, parseResponse, type OwnedEntity } from "./schemas.ts";
import type { Ownership } from "./user-agent.ts";

export interface ListOwnedOptions extends Ownership {
  /** Only entities last written before this instant (ISO 8601): what a resync started at it did not touch. */
  before?: string;
  /** Resume from the `next` of an earlier page. */
  from?: string;
  /** Port caps a page at 5000. */
  limit?: number;
}

export interface OwnedPage {
  entities: v.InferOutput<typeof OwnedEntity>[];
  /** Pass as `from` to continue on a later tick; null after the last page. */
  next: string | null;
}

/** Pages of the entities whose `$datasource` has our prefix and suffix (undocumented route Ocean uses). */
export async function* listOwned(client: PortClient, options: ListOwnedOptions, userAgent: string): AsyncGenerator<OwnedPage> {
  let from = options.from;
  do {
    const response = await client.call("/v1/blueprints/entities/datasource-entities", {
      method: "POST",
      body: {
        datasource_prefix: options.datasourcePrefix,
        datasource_suffix: options.datasourceSuffix,
        limit: options.limit ?? 5000,
        ...(from !== undefined && { from }),
        ...(options.before !== undefined && { before: options.before }),
      },
      userAgent,
    });
    const page = parseResponse(DatasourceEntitiesPage, response.data, "datasource entities page");
    const next = page.next ?? null;
    yield { entities: page.entities, next };
    from = next ?? undefined;
  } while (from !== undefined);
}
