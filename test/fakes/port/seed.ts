import type { Blueprint, Entity, Integration, RelationValue } from "./store.ts";
import { Store } from "./store.ts";

export interface SeedData {
  blueprints?: (Partial<Blueprint> & { identifier: string })[];
  entities?: (Partial<Entity> & { identifier: string; blueprint: string; team?: string | string[] })[];
  integrations?: (Partial<Integration> & { identifier?: string })[];
}

const SEEDER = "fake-seed";

/** Seeded data gets the fields Port would have filled in, so it reads back like API-written data. */
export function storeFromSeed(data: SeedData = {}): Store {
  const store = new Store();
  const at = new Date().toISOString();
  const stamps = { createdAt: at, createdBy: SEEDER, updatedAt: at, updatedBy: SEEDER };
  for (const bp of data.blueprints ?? []) {
    store.blueprints.set(bp.identifier, {
      title: bp.identifier,
      mirrorProperties: {},
      calculationProperties: {},
      aggregationProperties: {},
      ...stamps,
      ...bp,
      schema: { properties: {}, required: [], ...bp.schema },
      relations: bp.relations ?? {},
    });
  }
  for (const e of data.entities ?? []) {
    if (!store.blueprints.has(e.blueprint)) throw new Error(`seed entity "${e.identifier}": unknown blueprint "${e.blueprint}"`);
    store.putEntity({
      title: null,
      icon: null,
      datasource: null,
      ...stamps,
      ...e,
      team: e.team === undefined ? [] : Array.isArray(e.team) ? e.team : [e.team],
      properties: e.properties ?? {},
      relations: (e.relations ?? {}) as Record<string, RelationValue>,
    });
  }
  for (const i of data.integrations ?? []) {
    const id = i.installationId ?? i.identifier;
    if (!id) throw new Error("seed integration needs installationId or identifier");
    store.integrations.set(id, { config: {}, ...stamps, ...i, installationId: id, identifier: id });
  }
  return store;
}

export function stateOf(store: Store) {
  return {
    blueprints: [...store.blueprints.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : 1)),
    entities: store.allEntities().map((e) => ({
      identifier: e.identifier,
      blueprint: e.blueprint,
      title: e.title,
      icon: e.icon,
      team: e.team,
      properties: e.properties,
      relations: e.relations,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      createdBy: e.createdBy,
      updatedBy: e.updatedBy,
      datasource: e.datasource,
    })),
    integrations: [...store.integrations.values()],
  };
}
