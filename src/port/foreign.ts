import * as v from "valibot";
import type { PortClient } from "./client.ts";
import { groupByBlueprint } from "./group.ts";
import { OwnedEntity, parseResponse } from "./schemas.ts";
import type { EntityRef } from "./types.ts";
import type { Ownership } from "./user-agent.ts";

const SearchResult = v.looseObject({ entities: v.array(OwnedEntity) });

/**
 * Which of `refs` exist in Port written by someone else: their `$datasource` (the last writer's
 * User-Agent) is empty (made in the UI) or lacks the prefix or the suffix of every writer in `ours`.
 * One search per blueprint; what it finds must be neither written over nor deleted.
 */
export async function findForeign(client: PortClient, refs: readonly EntityRef[], ours: readonly Ownership[], userAgent: string): Promise<EntityRef[]> {
  const found: EntityRef[] = [];
  for (const [blueprint, group] of groupByBlueprint(refs)) {
    const response = await client.call("/v1/entities/search", {
      method: "POST",
      body: {
        combinator: "and",
        rules: [
          { property: "$blueprint", operator: "=", value: blueprint },
          { property: "$identifier", operator: "in", value: [...new Set(group.map((r) => r.identifier))] },
          {
            combinator: "or",
            rules: [
              { property: "$datasource", operator: "isEmpty" },
              {
                combinator: "and",
                rules: ours.map((o) => ({
                  combinator: "or",
                  rules: [
                    { property: "$datasource", operator: "doesNotBeginsWith", value: o.datasourcePrefix },
                    { property: "$datasource", operator: "doesNotEndsWith", value: o.datasourceSuffix },
                  ],
                })),
              },
            ],
          },
        ],
      },
      userAgent,
    });
    for (const e of parseResponse(SearchResult, response.data, "entity search result").entities) {
      if (e.blueprint === blueprint) found.push({ identifier: e.identifier, blueprint });
    }
  }
  return found;
}
