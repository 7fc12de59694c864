import type { Ctx } from "./context.ts";
import { invalidRequest, notFound, ok, PortError } from "./http.ts";
import * as schemas from "./schemas.ts";
import type { Blueprint, BlueprintBody as BlueprintInput } from "./store.ts";
import { validBody, validQuery } from "./validation.ts";

const hasDependents = (message: string) => new PortError(422, "has_dependents", message);

export function requireBlueprint(ctx: Ctx, identifier: string): Blueprint {
  const found = ctx.store.blueprints.get(identifier);
  if (!found) throw notFound(`Blueprint with identifier "${identifier}" was not found`);
  return found;
}

/** Fill the parts Port always returns, and check what the schema cannot: targets and many+required. */
function normalise(ctx: Ctx, input: BlueprintInput, identifier: string): BlueprintInput {
  const relations = input.relations ?? {};
  for (const [key, relation] of Object.entries(relations)) {
    if (relation.target !== identifier && !ctx.store.blueprints.has(relation.target)) {
      throw notFound(`Relation "${key}" targets blueprint "${relation.target}", which was not found`);
    }
    if (relation.many && relation.required) {
      throw invalidRequest(`Relation "${key}" cannot be both many and required`);
    }
  }
  return {
    mirrorProperties: {},
    calculationProperties: {},
    aggregationProperties: {},
    ...input,
    identifier,
    schema: { required: [], ...input.schema },
    relations,
  };
}

/** Port refuses to change a property's format while entities hold values of the old one. */
function checkFormatChanges(ctx: Ctx, before: Blueprint, after: BlueprintInput) {
  if (ctx.store.entitiesOf(before.identifier).size === 0) return;
  for (const [key, prop] of Object.entries(after.schema.properties)) {
    const old = before.schema.properties[key];
    if (old && old.format !== prop.format) {
      throw new PortError(422, "forbidden_format_change", `Cannot change the format of property "${key}"`, {
        property: key,
      });
    }
  }
}

function save(ctx: Ctx, input: BlueprintInput, existing?: Blueprint): Blueprint {
  const blueprint: Blueprint = {
    ...input,
    createdAt: existing?.createdAt ?? ctx.now,
    createdBy: existing?.createdBy ?? ctx.clientId,
    updatedAt: ctx.now,
    updatedBy: ctx.clientId,
  };
  ctx.store.blueprints.set(blueprint.identifier, blueprint);
  return blueprint;
}

export function listBlueprints(ctx: Ctx) {
  return ok({ blueprints: [...ctx.store.blueprints.values()] });
}

export function getBlueprint(ctx: Ctx) {
  return ok({ blueprint: requireBlueprint(ctx, ctx.params.identifier!) });
}

export function createBlueprint(ctx: Ctx) {
  validQuery(schemas.blueprintCreateQuery, ctx.query);
  const input = validBody<BlueprintInput>(schemas.blueprintCreateBody, ctx.body);
  if (ctx.store.blueprints.has(input.identifier)) {
    throw new PortError(409, "identifier_taken", `A blueprint with identifier "${input.identifier}" already exists`);
  }
  return ok({ blueprint: save(ctx, normalise(ctx, input, input.identifier)) }, 201);
}

export function replaceBlueprint(ctx: Ctx) {
  const body = validBody<BlueprintInput>(schemas.blueprintPutBody, ctx.body);
  const existing = requireBlueprint(ctx, ctx.params.identifier!);
  const input = normalise(ctx, body, existing.identifier);
  checkFormatChanges(ctx, existing, input);
  return ok({ blueprint: save(ctx, input, existing) });
}

export function patchBlueprint(ctx: Ctx) {
  const patch = validBody<Partial<BlueprintInput>>(schemas.blueprintPatchBody, ctx.body);
  const existing = requireBlueprint(ctx, ctx.params.identifier!);
  const merged = {
    ...existing,
    ...patch,
    schema: {
      ...existing.schema,
      ...patch.schema,
      properties: { ...existing.schema.properties, ...patch.schema?.properties },
    },
    relations: { ...existing.relations, ...patch.relations },
  };
  const input = normalise(ctx, merged, existing.identifier);
  checkFormatChanges(ctx, existing, input);
  return ok({ blueprint: save(ctx, input, existing) });
}

export function deleteBlueprint(ctx: Ctx) {
  validQuery(schemas.blueprintDeleteQuery, ctx.query);
  const blueprint = requireBlueprint(ctx, ctx.params.identifier!);
  if (ctx.store.entitiesOf(blueprint.identifier).size > 0) {
    throw hasDependents(`Blueprint "${blueprint.identifier}" still has entities; delete them first`);
  }
  const referrer = [...ctx.store.blueprints.values()].find(
    (other) =>
      other.identifier !== blueprint.identifier &&
      Object.values(other.relations).some((r) => r.target === blueprint.identifier),
  );
  if (referrer) throw hasDependents(`Blueprint "${referrer.identifier}" has a relation to "${blueprint.identifier}"`);
  ctx.store.dropBlueprint(blueprint.identifier);
  return ok();
}
