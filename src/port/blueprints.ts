import { HttpError } from "../runtime/http.ts";
import type { PortClient } from "./client.ts";

/** A blueprint as POST /v1/blueprints takes it; only what ordering needs is typed. */
export interface BlueprintDefinition {
  identifier: string;
  relations?: Record<string, { target: string }>;
  [field: string]: unknown;
}

export interface EnsureResult {
  created: string[];
  existing: string[];
}

/** Relation targets must exist before the blueprint pointing at them; self-relations need nothing. */
export function creationOrder(blueprints: readonly BlueprintDefinition[]): BlueprintDefinition[] {
  const byId = new Map(blueprints.map((b) => [b.identifier, b]));
  const ordered: BlueprintDefinition[] = [];
  const state = new Map<string, "visiting" | "done">();

  function visit(blueprint: BlueprintDefinition, path: string[]) {
    const mark = state.get(blueprint.identifier);
    if (mark === "done") return;
    if (mark === "visiting") {
      throw new Error(`blueprint relations form a cycle: ${[...path, blueprint.identifier].join(" → ")}`);
    }
    state.set(blueprint.identifier, "visiting");
    for (const { target } of Object.values(blueprint.relations ?? {})) {
      const dependency = byId.get(target);
      if (dependency && target !== blueprint.identifier) visit(dependency, [...path, blueprint.identifier]);
    }
    state.set(blueprint.identifier, "done");
    ordered.push(blueprint);
  }

  for (const blueprint of blueprints) visit(blueprint, []);
  return ordered;
}

/**
 * Creates the blueprints Port lacks and leaves every existing one exactly as it is: users tune
 * blueprints in Port, and overwriting them would undo that.
 */
export async function ensureBlueprints(client: PortClient, blueprints: readonly BlueprintDefinition[], userAgent: string): Promise<EnsureResult> {
  const existing: string[] = [];
  const missing: BlueprintDefinition[] = [];
  for (const blueprint of blueprints) {
    try {
      await client.call(`/v1/blueprints/${encodeURIComponent(blueprint.identifier)}`, { userAgent });
      existing.push(blueprint.identifier);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      missing.push(blueprint);
    }
  }

  const created: string[] = [];
  for (const blueprint of creationOrder(missing)) {
    try {
      await client.call("/v1/blueprints", { method: "POST", body: blueprint, userAgent });
      created.push(blueprint.identifier);
    } catch (error) {
      // Someone created it since our GET: it exists now, and it is theirs to shape.
      if (!(error instanceof HttpError) || error.status !== 409) throw error;
      existing.push(blueprint.identifier);
    }
  }
  return { created, existing };
}
