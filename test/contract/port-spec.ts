/**
 * Port's OpenAPI 3.1 description as validators for responses, request bodies and query strings:
 * one loader and one place for the spec's known errors, so the fake Port and our client are pinned
 * to the same source. Node-only (reads the shared spec from disk).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const PORT_SPEC_FILE = "port-api-openapi.json";
export const PORT_SPEC_SHA256 = "01d4e20bf4b49084e9429988bd15fc8b4d19a67f815160a31dae94b2e43dae45";

type Schema = Record<string, any>;

/** The shared specs folder sits next to the checkout unless PORTSIDE_SPECS_DIR points elsewhere. */
function specPath(): string {
  const dir = process.env.PORTSIDE_SPECS_DIR ?? resolve(fileURLToPath(new URL("../../..", import.meta.url)), "shared/specs");
  return resolve(dir, PORT_SPEC_FILE);
}

export function portSpecBytes(): Buffer {
  return readFileSync(specPath());
}

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const ENTITY_KEYS = ["identifier", "title", "icon", "team", "properties", "relations"];

/**
 * Known spec errors, patched here and nowhere else:
 * - entity objects are closed (`additionalProperties: false`) over identifier/title/icon/team/
 *   properties/relations, yet the real API also returns blueprint, createdAt/By and updatedAt/By;
 * - error envelopes are closed too, yet some real errors carry `details`
 *   (e.g. `forbidden_format_change` with `details.property`);
 * - the bulk upsert responses list "ok" twice in `required`, which Ajv rejects as an invalid schema.
 */
function patch(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(patch);
  if (typeof node !== "object" || node === null) return;
  const schema = node as Schema;
  if (Array.isArray(schema.required)) schema.required = [...new Set(schema.required)];
  const props = schema.properties as Schema | undefined;
  if (props && schema.additionalProperties === false) {
    if (ENTITY_KEYS.every((k) => k in props)) {
      for (const k of ["blueprint", "createdAt", "createdBy", "updatedAt", "updatedBy"]) props[k] ??= { type: "string" };
    }
    if (props.ok?.const === false && "error" in props) props.details ??= { type: "object" };
  }
  Object.values(schema).forEach(patch);
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  op: Schema;
}

interface Spec {
  doc: Schema;
  operations: Operation[];
}

let cached: Spec | undefined;

function spec(): Spec {
  if (cached) return cached;
  const doc = JSON.parse(portSpecBytes().toString("utf8")) as Schema;
  patch(doc.paths);
  patch(doc.components);
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || !op.responses) continue;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        params: (template.match(/\{/g) ?? []).length,
        op,
      });
    }
  }
  // Literal segments win over parameters, as in the real router.
  operations.sort((a, b) => a.params - b.params);
  return (cached = { doc, operations });
}

function createAjv(coerceTypes: boolean | "array") {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = createAjv(false);
const queryAjv = createAjv("array");
const compiled = new Map<string, ValidateFunction>();

/** Compile a schema taken from inside the spec; its `#/components/...` refs resolve against the copy. */
function compile(key: string, ajv: typeof bodyAjv, schema: Schema): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) compiled.set(key, (fn = ajv.compile({ ...schema, components: spec().doc.components })));
  return fn;
}

export function findOperation(method: string, path: string): Operation | undefined {
  const pathname = path.split("?")[0]!;
  return spec().operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(pathname));
}

export interface SpecCheck {
  template?: string;
  /** False when the spec declares nothing to validate against. */
  declared: boolean;
  valid: boolean;
  errors: string[];
}

const undeclared = (template?: string): SpecCheck => ({ template, declared: false, valid: true, errors: [] });

function run(key: string, ajv: typeof bodyAjv, schema: Schema, data: unknown, template: string): SpecCheck {
  const fn = compile(key, ajv, schema);
  const valid = fn(data) as boolean;
  const errors = valid ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  return { template, declared: true, valid, errors };
}

export function checkResponse(method: string, path: string, status: number, body: unknown): SpecCheck {
  const found = findOperation(method, path);
  const schema = found?.op.responses?.[String(status)]?.content?.["application/json"]?.schema;
  if (!found || !schema) return undeclared(found?.template);
  return run(`res ${found.method} ${found.template} ${status}`, bodyAjv, schema, body, found.template);
}

export function checkRequestBody(method: string, path: string, body: unknown): SpecCheck {
  const found = findOperation(method, path);
  const schema = found?.op.requestBody?.content?.["application/json"]?.schema;
  if (!found || !schema) return undeclared(found?.template);
  return run(`req ${found.method} ${found.template}`, bodyAjv, schema, body, found.template);
}

/** Query parameters as the spec declares them (required ones included), arrays repeated. */
export function checkQuery(method: string, path: string, params: URLSearchParams): SpecCheck {
  const found = findOperation(method, path);
  if (!found) return undeclared();
  const declared = ((found.op.parameters ?? []) as Schema[]).filter((p) => p.in === "query");
  const schema: Schema = {
    type: "object",
    properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
    required: declared.filter((p) => p.required).map((p) => p.name),
  };
  const query: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    query[key] = schema.properties[key]?.type === "array" ? params.getAll(key) : params.get(key);
  }
  return run(`query ${found.method} ${found.template}`, queryAjv, schema, query, found.template);
}
