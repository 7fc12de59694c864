import { requireBlueprint } from "./blueprints.ts";
import type { Ctx } from "./context.ts";
import { page } from "./cursor.ts";
import { ok } from "./http.ts";
import { present } from "./present.ts";
import * as schemas from "./schemas.ts";
import { type Query, Search } from "./search.ts";
import { validBody, validQuery } from "./validation.ts";

/** `POST /v1/entities/search`: every blueprint, one unpaged answer. */
export function searchAll(ctx: Ctx) {
  const params = validQuery<{ include?: string[]; exclude?: string[] }>(schemas.readQuery, ctx.query);
  const query = validBody<Query>(schemas.searchQuery, ctx.body);
  const entities = new Search(ctx.store).filter(ctx.store.allEntities(), query);
  return ok({
    matchingBlueprints: [...new Set(entities.map((e) => e.blueprint))],
    entities: entities.map((e) => present(e, params.include, params.exclude)),
  });
}

/** `POST /v1/blueprints/{bp}/entities/search`: paged with an opaque `next` cursor. */
export function searchBlueprint(ctx: Ctx) {
  const body = validBody<{ query?: Query; include?: string[]; exclude?: string[]; limit: number; from?: string }>(
    schemas.pagedSearchBody,
    ctx.body ?? {},
  );
  const blueprint = requireBlueprint(ctx, ctx.params.blueprint!).identifier;
  const all = ctx.store.allEntities().filter((e) => e.blueprint === blueprint);
  const { items, next } = page(new Search(ctx.store).filter(all, body.query), body.from, body.limit);
  return ok({ entities: items.map((e) => present(e, body.include, body.exclude)), ...(next && { next }) });
}

/**
 * Undocumented `POST /v1/blueprints/entities/datasource-entities`, which Ocean uses to find what it
 * owns: entities whose writer's User-Agent has the prefix and suffix, optionally last written before
 * a time, across blueprints; `next` is null on the last page.
 */
export function datasourceEntities(ctx: Ctx) {
  const body = validBody<{
    datasource_prefix: string;
    datasource_suffix: string;
    limit: number;
    from?: string;
    before?: string;
  }>(schemas.datasourceBody, ctx.body);
  const before = body.before === undefined ? Infinity : Date.parse(body.before);
  const owned = ctx.store
    .allEntities()
    .filter(
      (e) =>
        e.datasource !== null &&
        e.datasource.startsWith(body.datasource_prefix) &&
        e.datasource.endsWith(body.datasource_suffix) &&
        Date.parse(e.updatedAt) < before,
    );
  const { items, next } = page(owned, body.from, body.limit);
  return ok({ entities: items.map((e) => present(e)), next: next ?? null });
}
