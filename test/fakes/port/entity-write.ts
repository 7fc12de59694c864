import type { Ctx } from "./context.ts";
import { invalidRequest, notFound, PortError } from "./http.ts";
import { checkProperties } from "./properties.ts";
import { type Query, Search } from "./search.ts";
import { type Blueprint, type Entity, relationIds, type RelationValue } from "./store.ts";

export interface EntityInput {
  identifier?: string | Query;
  title?: string | null;
  icon?: string | null;
  team?: string | string[] | Query | null;
  properties?: Record<string, unknown>;
  relations?: Record<string, RelationValue | Query>;
}

/**
 * How an existing entity is treated: `create` fails with 409, `replace` drops absent fields (upsert),
 * `merge` changes only the given ones (upsert+merge, PATCH); `put`/`patch` act on an existing entity only.
 */
export type WriteMode = "create" | "replace" | "merge" | "put" | "patch";

export interface WriteOptions {
  mode: WriteMode;
  createMissingRelated: boolean;
  validationOnly: boolean;
}

export interface WriteResult {
  entity: Entity;
  created: boolean;
}

/** Blueprints Port never creates stub entities in. */
const PROTECTED = new Set(["_user", "_team"]);
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function generateIdentifier(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `e_${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

const isQuery = (v: unknown): v is Query => typeof v === "object" && v !== null && !Array.isArray(v);

function resolveQuery(ctx: Ctx, blueprint: string, query: Query): Entity[] {
  return new Search(ctx.store).filter(ctx.store.entitiesOf(blueprint).values(), query);
}

function resolveIdentifier(ctx: Ctx, blueprint: Blueprint, identifier: EntityInput["identifier"]): string {
  if (identifier === undefined) return generateIdentifier();
  if (!isQuery(identifier)) return identifier;
  const found = resolveQuery(ctx, blueprint.identifier, identifier);
  if (found.length !== 1) {
    throw notFound(`The identifier query matched ${found.length} entities of blueprint "${blueprint.identifier}", not one`);
  }
  return found[0]!.identifier;
}

function normaliseTeam(team: EntityInput["team"]): string[] {
  if (team === undefined || team === null) return [];
  if (isQuery(team)) throw invalidRequest("The fake Port does not resolve team queries");
  return Array.isArray(team) ? team : [team];
}

interface Relations {
  values: Record<string, RelationValue>;
  missing: { blueprint: string; identifier: string }[];
}

function checkRelations(ctx: Ctx, blueprint: Blueprint, given: Record<string, RelationValue | Query>): Relations {
  const values: Record<string, RelationValue> = {};
  const missing: Relations["missing"] = [];
  for (const [name, raw] of Object.entries(given)) {
    const def = blueprint.relations[name];
    if (!def) throw notFound(`Relation "${name}" does not exist in the blueprint "${blueprint.identifier}"`);
    let value: RelationValue = raw as RelationValue;
    if (isQuery(raw)) {
      const ids = resolveQuery(ctx, def.target, raw).map((e) => e.identifier);
      if (!def.many && ids.length !== 1) {
        throw notFound(`The query of relation "${name}" matched ${ids.length} entities, not one`);
      }
      value = def.many ? ids : ids[0]!;
    }
    if (value !== null && def.many !== Array.isArray(value)) {
      throw new PortError(
        422,
        "blueprint_schema_mismatch",
        `Relation "${name}" of blueprint "${blueprint.identifier}" takes ${def.many ? "an array of identifiers" : "a single identifier"}`,
      );
    }
    for (const id of relationIds(value)) {
      if (!ctx.store.getEntity(def.target, id)) missing.push({ blueprint: def.target, identifier: id });
    }
    values[name] = value;
  }
  for (const [name, def] of Object.entries(blueprint.relations)) {
    const value = values[name];
    if (def.required && (value === undefined || value === null)) {
      throw new PortError(422, "required_relation", `Relation "${name}" of blueprint "${blueprint.identifier}" is required`);
    }
  }
  return { values, missing };
}

function stub(ctx: Ctx, blueprint: string, identifier: string): Entity {
  return {
    identifier,
    blueprint,
    title: null,
    icon: null,
    team: [],
    properties: {},
    relations: {},
    createdAt: ctx.now,
    createdBy: ctx.clientId,
    updatedAt: ctx.now,
    updatedBy: ctx.clientId,
    datasource: ctx.userAgent,
  };
}

/** Create, replace or merge one entity with every check Port makes; nothing is stored on failure. */
export function writeEntity(ctx: Ctx, blueprint: Blueprint, input: EntityInput, options: WriteOptions): WriteResult {
  const identifier = resolveIdentifier(ctx, blueprint, input.identifier);
  const existing = ctx.store.getEntity(blueprint.identifier, identifier);
  const { mode } = options;
  if (existing && mode === "create") {
    throw new PortError(
      409,
      "identifier_taken",
      `Entity with identifier "${identifier}" already exists in the blueprint "${blueprint.identifier}"`,
    );
  }
  if (!existing && (mode === "put" || mode === "patch")) {
    throw notFound(`Entity with identifier "${identifier}" does not exist in the blueprint "${blueprint.identifier}"`);
  }
  const base = existing && (mode === "merge" || mode === "patch") ? existing : undefined;
  const properties = { ...base?.properties, ...input.properties };
  checkProperties(blueprint, properties);
  const relations = checkRelations(ctx, blueprint, { ...base?.relations, ...input.relations });
  for (const target of relations.missing) {
    if (!options.createMissingRelated || PROTECTED.has(target.blueprint)) {
      throw notFound(`Entity with identifier "${target.identifier}" does not exist in the blueprint "${target.blueprint}"`);
    }
  }
  const entity: Entity = {
    identifier,
    blueprint: blueprint.identifier,
    title: input.title !== undefined ? input.title : (base?.title ?? null),
    icon: input.icon !== undefined ? input.icon : (base?.icon ?? null),
    team: input.team !== undefined ? normaliseTeam(input.team) : (base?.team ?? []),
    properties,
    relations: relations.values,
    createdAt: existing?.createdAt ?? ctx.now,
    createdBy: existing?.createdBy ?? ctx.clientId,
    updatedAt: ctx.now,
    updatedBy: ctx.clientId,
    datasource: ctx.userAgent,
  };
  if (!options.validationOnly) {
    for (const target of relations.missing) {
      if (!ctx.store.getEntity(target.blueprint, target.identifier)) {
        ctx.store.putEntity(stub(ctx, target.blueprint, target.identifier));
      }
    }
    ctx.store.putEntity(entity);
  }
  return { entity, created: !existing };
}
