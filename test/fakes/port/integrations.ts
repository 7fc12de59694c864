import type { Ctx } from "./context.ts";
import { invalidRequest, notFound, ok, PortError } from "./http.ts";
import * as schemas from "./schemas.ts";
import type { Integration } from "./store.ts";
import { validBody, validQuery } from "./validation.ts";

/** Ocean's integration routes, enough for an app that registers itself and reports resyncs. */
function requireIntegration(ctx: Ctx): Integration {
  const found = ctx.store.integrations.get(ctx.params.integration!);
  if (!found) throw notFound(`Integration with identifier "${ctx.params.integration}" was not found`);
  return found;
}

function save(ctx: Ctx, integration: Integration) {
  const saved = { ...integration, updatedAt: ctx.now, updatedBy: ctx.clientId };
  ctx.store.integrations.set(saved.installationId, saved);
  return ok({ integration: saved });
}

/** Like Fastify, every handler validates the request before looking anything up. */
export function getIntegration(ctx: Ctx) {
  validQuery(schemas.integrationGetQuery, ctx.query);
  return ok({ integration: requireIntegration(ctx) });
}

export function createIntegration(ctx: Ctx) {
  const input = validBody<Integration>(schemas.integrationCreateBody, ctx.body);
  if (ctx.store.integrations.has(input.installationId)) {
    throw new PortError(409, "identifier_taken", `Integration with identifier "${input.installationId}" already exists`);
  }
  return save(ctx, {
    config: {},
    ...input,
    identifier: input.installationId,
    createdAt: ctx.now,
    createdBy: ctx.clientId,
  });
}

/** An empty body is Ocean's way to ask for a resync; the fake counts those requests. */
export function patchIntegration(ctx: Ctx, onResyncRequest: (id: string) => void) {
  const empty = Object.keys(ctx.body ?? {}).length === 0;
  const patch = validBody<Record<string, unknown>>(schemas.integrationPatchBody, ctx.body ?? {});
  const current = requireIntegration(ctx);
  if (empty) onResyncRequest(current.installationId);
  return save(ctx, { ...current, ...patch });
}

export function patchIntegrationConfig(ctx: Ctx) {
  const { config } = validBody<{ config: unknown }>(schemas.integrationConfigBody, ctx.body);
  const current = requireIntegration(ctx);
  return save(ctx, { ...current, config });
}

/** Undocumented; Ocean sends `{status, lastResyncStart, lastResyncEnd, nextResync, intervalInMinutes}`. */
export function patchResyncState(ctx: Ctx) {
  if (typeof ctx.body !== "object" || ctx.body === null || Array.isArray(ctx.body)) {
    throw invalidRequest("body must be object");
  }
  const current = requireIntegration(ctx);
  return save(ctx, { ...current, resyncState: { ...ctx.body, updatedAt: ctx.now } });
}
