import type { Entity } from "../mapping/types.ts";
import type { Blueprint } from "../plugin.ts";
import type { IntegrationApi } from "../port/integration.ts";
import type { ListOwnedOptions, OwnedPage } from "../port/owned.ts";
import type { DeleteResult, EntityRef, UpsertResult } from "../port/types.ts";
import type { Ownership } from "../port/user-agent.ts";

export type { EntityRef };

/**
 * Where mapped entities go: Port, or the local catalog when no Port credentials are set. The engine
 * depends on this shape only, so both sinks share the same mapping and write path.
 */
export interface CatalogWriter {
  upsert(
    entities: Entity[],
    options: { merge: boolean; createMissingRelatedEntities: boolean; userAgent: string; createOnly?: boolean },
  ): Promise<UpsertResult>;
  delete(refs: EntityRef[], options: { deleteDependents: boolean; userAgent: string }): Promise<DeleteResult>;
  ensureBlueprints(blueprints: Blueprint[]): Promise<{ created: string[]; existing: string[] }>;
  /** Entities this deployment wrote for one kind, found by the User-Agent Port keeps as datasource. */
  listOwned(options: ListOwnedOptions): AsyncGenerator<OwnedPage>;
  /** Those of `refs` that exist, last written by none of `ours`: never written over nor deleted. */
  foreign(refs: readonly EntityRef[], ours: readonly Ownership[]): Promise<EntityRef[]>;
  /** Port's integration routes; the local catalog has none. */
  integration?: IntegrationApi;
}

