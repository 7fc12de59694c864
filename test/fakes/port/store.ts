/** Everything the fake Port holds, keyed the way the real API addresses it. */
export interface PropertySchema {
  type: "string" | "number" | "boolean" | "object" | "array";
  format?: string;
  [keyword: string]: unknown;
}

export interface RelationSchema {
  title?: string;
  target: string;
  required: boolean;
  many: boolean;
}

/** A blueprint as clients send it; the server adds who and when. */
export interface BlueprintBody {
  identifier: string;
  title: string;
  schema: { properties: Record<string, PropertySchema>; required?: string[] };
  relations: Record<string, RelationSchema>;
  [field: string]: unknown;
}

export interface Blueprint extends BlueprintBody {
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type RelationValue = string | string[] | null;

export const relationIds = (value: RelationValue): string[] =>
  value === null ? [] : Array.isArray(value) ? value : [value];

/** One string per entity, for sets and maps across blueprints. */
export const entityKey = (blueprint: string, identifier: string) => `${blueprint}\u0000${identifier}`;

export interface Entity {
  identifier: string;
  blueprint: string;
  title: string | null;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** The writer's User-Agent, Port's `$datasource`. */
  datasource: string | null;
}

export interface Integration {
  installationId: string;
  [field: string]: unknown;
}

export class Store {
  blueprints = new Map<string, Blueprint>();
  private entities = new Map<string, Map<string, Entity>>();
  integrations = new Map<string, Integration>();

  entitiesOf(blueprint: string): Map<string, Entity> {
    let map = this.entities.get(blueprint);
    if (!map) this.entities.set(blueprint, (map = new Map()));
    return map;
  }

  getEntity(blueprint: string, identifier: string): Entity | undefined {
    return this.entities.get(blueprint)?.get(identifier);
  }

  putEntity(entity: Entity) {
    this.entitiesOf(entity.blueprint).set(entity.identifier, entity);
  }

  removeEntity(blueprint: string, identifier: string) {
    this.entities.get(blueprint)?.delete(identifier);
  }

  dropBlueprint(blueprint: string) {
    this.blueprints.delete(blueprint);
    this.entities.delete(blueprint);
  }

  /** Every entity, sorted by blueprint then identifier: the order of state dumps and cursors. */
  allEntities(): Entity[] {
    return [...this.entities.values()].flatMap((m) => [...m.values()]).sort(byBlueprintThenIdentifier);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function byBlueprintThenIdentifier(a: Entity, b: Entity): number {
  return compare(a.blueprint, b.blueprint) || compare(a.identifier, b.identifier);
}
