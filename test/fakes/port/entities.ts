import { requireBlueprint } from "./blueprints.ts";
import type { Ctx } from "./context.ts";
import { type EntityInput, type WriteMode, writeEntity } from "./entity-write.ts";
import { invalidRequest, notFound, ok, PortError } from "./http.ts";
import { present } from "./present.ts";
import * as schemas from "./schemas.ts";
import { type Entity, entityKey, relationIds } from "./store.ts";
import { validBody, validQuery } from "./validation.ts";

interface WriteQuery {
  upsert: boolean;
  merge: boolean;
  create_missing_related_entities: boolean;
  validation_only: boolean;
}

interface ReadQuery {
  include?: string[];
  exclude?: string[];
}

function writeOptions(query: WriteQuery) {
  const mode: WriteMode = !query.upsert ? "create" : query.merge ? "merge" : "replace";
  return { mode, createMissingRelated: query.create_missing_related_entities, validationOnly: query.validation_only };
}

function requireEntity(ctx: Ctx, blueprint: string, identifier: string): Entity {
  const found = ctx.store.getEntity(blueprint, identifier);
  if (!found) throw notFound(`Entity with identifier "${identifier}" does not exist in the blueprint "${blueprint}"`);
  return found;
}

export function createEntity(ctx: Ctx) {
  const query = validQuery<WriteQuery>(schemas.entityWriteQuery, ctx.query);
  const input = validBody<EntityInput>(schemas.entityBody, ctx.body);
  const blueprint = requireBlueprint(ctx, ctx.params.blueprint!);
  const { entity } = writeEntity(ctx, blueprint, input, writeOptions(query));
  return ok({ entity: present(entity) }, 201);
}

/** Each entity succeeds or fails alone; results and errors carry the request index. */
export function bulkUpsert(ctx: Ctx) {
  const query = validQuery<WriteQuery>(schemas.entityWriteQuery, ctx.query);
  const { entities: inputs } = validBody<{ entities: EntityInput[] }>(schemas.bulkBody, ctx.body);
  const blueprint = requireBlueprint(ctx, ctx.params.blueprint!);
  const options = writeOptions(query);
  const entities: { created: boolean; identifier: string; index: number }[] = [];
  const errors: { identifier: string; index: number; statusCode: number; error: string; message: string }[] = [];
  inputs.forEach((input, index) => {
    const asked = typeof input.identifier === "string" ? input.identifier : "unknown";
    try {
      const { entity, created } = writeEntity(ctx, blueprint, input, options);
      entities.push({ created, identifier: input.identifier === undefined ? entity.identifier : asked, index });
    } catch (err) {
      if (!(err instanceof PortError)) throw err;
      errors.push({ identifier: asked, index, statusCode: err.status, error: err.error, message: err.message });
    }
  });
  return Response.json({ ok: errors.length === 0, entities, errors }, { status: errors.length ? 207 : 200 });
}

export function replaceEntity(ctx: Ctx) {
  const query = validQuery<WriteQuery>(schemas.entityUpdateQuery, ctx.query);
  return updateEntity(ctx, "put", validBody<EntityInput>(schemas.entityBody, ctx.body), query);
}

export function patchEntity(ctx: Ctx) {
  const query = validQuery<WriteQuery>(schemas.entityUpdateQuery, ctx.query);
  return updateEntity(ctx, "patch", validBody<EntityInput>(schemas.entityPatchBody, ctx.body), query);
}

function updateEntity(ctx: Ctx, mode: WriteMode, input: EntityInput, query: WriteQuery) {
  const blueprint = requireBlueprint(ctx, ctx.params.blueprint!);
  const identifier = ctx.params.entity!;
  if (input.identifier !== undefined && input.identifier !== identifier) {
    throw invalidRequest("The fake Port does not rename entities");
  }
  const { entity } = writeEntity(ctx, blueprint, { ...input, identifier }, {
    mode,
    createMissingRelated: query.create_missing_related_entities,
    validationOnly: false,
  });
  return ok({ entity: present(entity) });
}

export function getEntity(ctx: Ctx) {
  const query = validQuery<ReadQuery>(schemas.readQuery, ctx.query);
  requireBlueprint(ctx, ctx.params.blueprint!);
  const entity = requireEntity(ctx, ctx.params.blueprint!, ctx.params.entity!);
  return ok({ entity: present(entity, query.include, query.exclude) });
}

export function listEntities(ctx: Ctx) {
  const query = validQuery<ReadQuery>(schemas.readQuery, ctx.query);
  requireBlueprint(ctx, ctx.params.blueprint!);
  const entities = ctx.store.allEntities().filter((e) => e.blueprint === ctx.params.blueprint);
  return ok({ entities: entities.map((e) => present(e, query.include, query.exclude)) });
}

export function countEntities(ctx: Ctx) {
  requireBlueprint(ctx, ctx.params.blueprint!);
  return ok({ count: ctx.store.entitiesOf(ctx.params.blueprint!).size });
}

/** Entities with a relation to any of `targets`, transitively: what `delete_dependents` removes. */
function dependentsOf(ctx: Ctx, targets: Entity[]): Entity[] {
  const doomed = new Set(targets.map((e) => entityKey(e.blueprint, e.identifier)));
  const found: Entity[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of ctx.store.allEntities()) {
      if (doomed.has(entityKey(e.blueprint, e.identifier))) continue;
      const relations = ctx.store.blueprints.get(e.blueprint)?.relations ?? {};
      const points = Object.entries(e.relations).some(([name, value]) => {
        const target = relations[name]?.target;
        return target !== undefined && relationIds(value).some((id) => doomed.has(entityKey(target, id)));
      });
      if (points) {
        doomed.add(entityKey(e.blueprint, e.identifier));
        found.push(e);
        grew = true;
      }
    }
  }
  return found;
}

/** All or nothing: with dependents and no `delete_dependents`, nothing is deleted. */
function deleteAll(ctx: Ctx, targets: Entity[], deleteDependents: boolean) {
  const dependents = dependentsOf(ctx, targets);
  if (dependents.length && !deleteDependents) {
    const first = dependents[0]!;
    throw new PortError(
      422,
      "has_dependents",
      `Cannot delete: entity "${first.identifier}" of blueprint "${first.blueprint}" has a relation to it; pass delete_dependents=true`,
    );
  }
  for (const e of [...targets, ...dependents]) ctx.store.removeEntity(e.blueprint, e.identifier);
}

export function deleteEntity(ctx: Ctx) {
  const query = validQuery<{ delete_dependents: boolean }>(schemas.deleteQuery, ctx.query);
  requireBlueprint(ctx, ctx.params.blueprint!);
  deleteAll(ctx, [requireEntity(ctx, ctx.params.blueprint!, ctx.params.entity!)], query.delete_dependents);
  return ok();
}

export function bulkDelete(ctx: Ctx) {
  const query = validQuery<{ delete_dependents: boolean }>(schemas.deleteQuery, ctx.query);
  const { entities: ids } = validBody<{ entities: string[] }>(schemas.bulkDeleteBody, ctx.body);
  const blueprint = requireBlueprint(ctx, ctx.params.blueprint!).identifier;
  const targets = [...new Set(ids)].flatMap((id) => ctx.store.getEntity(blueprint, id) ?? []);
  deleteAll(ctx, targets, query.delete_dependents);
  return ok({ deletedEntities: targets.map((e) => e.identifier) });
}
