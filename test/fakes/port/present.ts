import type { Entity } from "./store.ts";

/** An entity as the API returns it: no `$datasource`, and no title/icon keys when unset. */
export function present(entity: Entity, include?: string[], exclude?: string[]): Record<string, unknown> {
  const { datasource: _, title, icon, ...rest } = entity;
  const out: Record<string, unknown> = { ...rest, ...(title !== null && { title }), ...(icon !== null && { icon }) };
  return project(out, include, exclude);
}

/** `include`/`exclude` take top-level fields or `properties.x` / `relations.x` paths. */
function project(out: Record<string, unknown>, include?: string[], exclude?: string[]): Record<string, unknown> {
  let result = out;
  if (include?.length) {
    result = {};
    for (const path of include) {
      const [head, sub] = splitPath(path);
      if (!(head in out)) continue;
      if (sub === undefined) result[head] = out[head];
      else {
        const nested = (out[head] ?? {}) as Record<string, unknown>;
        result[head] = { ...(result[head] as object), ...(sub in nested && { [sub]: nested[sub] }) };
      }
    }
  }
  for (const path of exclude ?? []) {
    const [head, sub] = splitPath(path);
    if (sub === undefined) delete result[head];
    else if (typeof result[head] === "object" && result[head] !== null) {
      const { [sub]: _, ...kept } = result[head] as Record<string, unknown>;
      result[head] = kept;
    }
  }
  return result;
}

function splitPath(path: string): [string, string | undefined] {
  const dot = path.indexOf(".");
  return dot < 0 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
}
