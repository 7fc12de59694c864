import type { Entity } from "../mapping/types.ts";
import type { Blueprint } from "../plugin.ts";
import { groupByBlueprint } from "../port/group.ts";
import type { ListOwnedOptions, OwnedPage } from "../port/owned.ts";
import type { DeleteResult, EntityRef, UpsertResult } from "../port/types.ts";
import type { Ownership } from "../port/user-agent.ts";
import type { StateStore } from "../state/store.ts";
import type { CatalogWriter } from "../sync/catalog-writer.ts";

export interface StoredEntity extends Entity {
  identifier: string;
  datasource: string;
  updatedAt: string;
}

export interface LocalCatalog {
  blueprints: Blueprint[];
  entities: StoredEntity[];
}

const ownedBy = (entity: StoredEntity, o: Ownership) =>
  entity.datasource.startsWith(o.datasourcePrefix) && entity.datasource.endsWith(o.datasourceSuffix);

const key = {
  blueprints: "catalog:blueprints",
  /** Blueprints holding entities, ensured or not: a port.yaml may name blueprints nobody ensured here. */
  holding: "catalog:holding",
  entities: (blueprint: string) => `catalog:entities:${blueprint}`,
};

/**
 * Where entities go when no Port credentials are set, so a mapping can be checked against a real
 * source before Port is connected. Same mapping and write path up to this last step; Port's upsert
 * semantics (merge or replace) are kept. Meant for trying things out: each bulk is a state write.
 */
export function createLocalCatalog(store: StateStore, now: () => number): CatalogWriter & { read(): Promise<LocalCatalog> } {
  const blueprintIds = async () => {
    const [ensured, holding] = await Promise.all([store.get<Blueprint[]>(key.blueprints), store.get<string[]>(key.holding)]);
    return [...new Set([...(ensured ?? []).map((b) => b.identifier), ...(holding ?? [])])];
  };
  const load = async (blueprint: string) => (await store.get<Record<string, StoredEntity>>(key.entities(blueprint))) ?? {};

  return {
    async upsert(entities, options): Promise<UpsertResult> {
      const written: EntityRef[] = [];
      const failed: UpsertResult["failed"] = [];
      const byBlueprint = groupByBlueprint(entities);
      for (const [blueprint, group] of byBlueprint) {
        const stored = await load(blueprint);
        for (const entity of group) {
          if (typeof entity.identifier !== "string") {
            failed.push({ identifier: JSON.stringify(entity.identifier), blueprint, status: 422, error: "unsupported", message: "search-query identifiers need Port" });
            continue;
          }
          if (options.createOnly && stored[entity.identifier]) {
            failed.push({ identifier: entity.identifier, blueprint, status: 409, error: "identifier_taken", message: "the entity exists" });
            continue;
          }
          const previous = options.merge ? stored[entity.identifier] : undefined;
          stored[entity.identifier] = {
            ...previous,
            ...entity,
            identifier: entity.identifier,
            properties: { ...previous?.properties, ...entity.properties },
            relations: { ...previous?.relations, ...entity.relations },
            datasource: options.userAgent,
            updatedAt: new Date(now()).toISOString(),
          };
          written.push({ identifier: entity.identifier, blueprint });
        }
        await store.set(key.entities(blueprint), stored);
      }
      const holding = (await store.get<string[]>(key.holding)) ?? [];
      const added = [...byBlueprint.keys()].filter((b) => !holding.includes(b));
      if (added.length > 0) await store.set(key.holding, [...holding, ...added]);
      return { written, failed };
    },
    async delete(refs): Promise<DeleteResult> {
      const deleted: EntityRef[] = [];
      for (const [blueprint, group] of groupByBlueprint(refs)) {
        const stored = await load(blueprint);
        for (const ref of group) {
          if (stored[ref.identifier]) deleted.push(ref);
          delete stored[ref.identifier];
        }
        await store.set(key.entities(blueprint), stored);
      }
      return { deleted, failed: [] };
    },
    async ensureBlueprints(blueprints) {
      const existing = (await store.get<Blueprint[]>(key.blueprints)) ?? [];
      const known = new Set(existing.map((b) => b.identifier));
      const created = blueprints.filter((b) => !known.has(b.identifier));
      if (created.length > 0) await store.set(key.blueprints, [...existing, ...created]);
      return { created: created.map((b) => b.identifier), existing: [...known] };
    },
    async *listOwned(options: ListOwnedOptions): AsyncGenerator<OwnedPage> {
      const entities: StoredEntity[] = [];
      for (const blueprint of await blueprintIds()) {
        for (const entity of Object.values(await load(blueprint))) {
          if (ownedBy(entity, options)) entities.push(entity);
        }
      }
      yield { entities: entities.map((e) => ({ ...e })), next: null };
    },
    async foreign(refs, ours) {
      const found: EntityRef[] = [];
      for (const [blueprint, group] of groupByBlueprint(refs)) {
        const stored = await load(blueprint);
        for (const ref of group) {
          const entity = stored[ref.identifier];
          if (entity && !ours.some((o) => ownedBy(entity, o))) found.push(ref);
        }
      }
      return found;
    },
    async read() {
      const blueprints = (await store.get<Blueprint[]>(key.blueprints)) ?? [];
      const entities: StoredEntity[] = [];
      for (const id of await blueprintIds()) entities.push(...Object.values(await load(id)));
      return { blueprints, entities };
    },
  };
}
