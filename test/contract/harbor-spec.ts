/**
 * Harbor's Swagger 2.0 description as response validators: the YAML is loaded once, its
 * `definitions` fed to Ajv, and the known gaps between the spec and the real server patched in
 * one place. Node-only (reads the shared spec from disk).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const HARBOR_SPEC_FILE = "harbor-v2.0-swagger.yaml";
export const HARBOR_SPEC_SHA256 = "dea3b3f6cfc225acb569019904218f30032a6fdf4331c86e372bc53198fab840";
const BASE_PATH = "/api/v2.0";
const DEFS_ID = "harbor-definitions";

type Schema = Record<string, any>;

/** The shared specs folder sits next to the checkout unless PORTSIDE_SPECS_DIR points elsewhere. */
export function specsDir(): string {
  return process.env.PORTSIDE_SPECS_DIR ?? resolve(fileURLToPath(new URL("../../..", import.meta.url)), "shared/specs");
}

export function harborSpecBytes(): Buffer {
  return readFileSync(resolve(specsDir(), HARBOR_SPEC_FILE));
}

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });

/**
 * Known differences between the spec and real Harbor, patched here and nowhere else:
 * - Swagger 2.0 has no null, yet go-swagger marshals empty arrays without `omitempty` as null:
 *   Artifact `tags`, `labels`, `references`, `accessories`; Project `current_user_role_ids`
 *   (anonymous and robot callers); CVEAllowlist `items` (projects listed with_detail=false);
 *   and a NativeReportSummary that is not `Success` has `summary: null`.
 * - `x-nullable: true` properties may be null.
 * - `x-omitempty: false` properties are always marshalled, so they are `required`:
 *   Repository.artifact_count/pull_count, Project.repo_count, Tag.immutable,
 *   WebhookPolicy.enabled, UserResp.sysadmin_flag/admin_role_in_auth, VulnerabilitySummary.*,
 *   and the Accessory/AdditionLink fields marked the same way.
 * - `ExtraAttrs` declares object values, yet Harbor stores the image config's scalars there too
 *   (`"architecture": "amd64"`, `"author": ""`): any value is allowed.
 * - `…/additions/vulnerabilities` declares a string body, yet Harbor writes the report map as a
 *   JSON object (`{"<mime type>": {…}}`, `{}` when there is no report).
 */
const NULLS: Record<string, string[]> = {
  Artifact: ["tags", "labels", "references", "accessories"],
  Project: ["current_user_role_ids"],
  CVEAllowlist: ["items"],
  NativeReportSummary: ["summary"],
};

function patchDefinitions(definitions: Record<string, Schema>): void {
  for (const [name, def] of Object.entries(definitions)) {
    const props = def.properties as Record<string, Schema> | undefined;
    if (!props) continue;
    const required = new Set<string>(def.required ?? []);
    for (const [key, prop] of Object.entries(props)) {
      if (prop["x-omitempty"] === false) required.add(key);
      if (prop["x-nullable"] === true || NULLS[name]?.includes(key)) props[key] = nullable(prop);
    }
    if (required.size) def.required = [...required];
  }
  definitions.ExtraAttrs!.additionalProperties = {};
}

const VULNERABILITIES = "/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/additions/vulnerabilities";

function patchPaths(paths: Record<string, Schema>): void {
  paths[VULNERABILITIES]!.get.responses["200"].schema = { type: "object" };
}

/** `#/definitions/X` → the registered definitions schema, so response schemas compile alone. */
function rewriteRefs(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(rewriteRefs);
  if (typeof node !== "object" || node === null) return;
  const schema = node as Schema;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#/definitions/")) schema.$ref = `${DEFS_ID}${schema.$ref}`;
  Object.values(schema).forEach(rewriteRefs);
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literal: number;
  op: Schema;
}

interface Spec {
  doc: Schema;
  ajv: Ajv;
  operations: Operation[];
  compiled: Map<string, ValidateFunction>;
}

let loaded: Spec | undefined;

export function harborSpec(): Spec {
  if (loaded) return loaded;
  const doc = parse(harborSpecBytes().toString("utf8")) as Schema;
  patchDefinitions(doc.definitions);
  patchPaths(doc.paths);
  rewriteRefs(doc.definitions);
  rewriteRefs(doc.responses);
  rewriteRefs(doc.paths);
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, int: true, uint64: true } });
  addFormats(ajv);
  ajv.addSchema({ $id: DEFS_ID, definitions: doc.definitions });
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || !op.responses) continue;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
      operations.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), literal: template.replace(/\{[^}]+\}/g, "").length, op });
    }
  }
  // Literal segments win over parameters: /users/current before /users/{user_id}.
  operations.sort((a, b) => b.literal - a.literal);
  loaded = { doc, ajv, operations, compiled: new Map() };
  return loaded;
}

/** The spec operation serving a concrete path (raw, still percent-encoded) under /api/v2.0. */
export function operationFor(method: string, path: string): Operation | undefined {
  const pathname = path.split("?")[0]!;
  const rel = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  return harborSpec().operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(rel));
}

/** The declared response for (method, path, status), with `#/responses/X` resolved. */
export function declaredResponse(method: string, path: string, status: number): Schema | undefined {
  const op = operationFor(method, path);
  let res = op?.op.responses[String(status)] as Schema | undefined;
  if (res?.$ref) res = harborSpec().doc.responses[String(res.$ref).split("/").pop()!];
  return res;
}

export interface Check {
  ok: boolean;
  errors: string[];
}

/**
 * Validate a response: its status must be declared for the operation, its body must match the
 * declared schema, and every declared header the fake always sends must be present.
 */
export function checkResponse(method: string, path: string, status: number, headers: Headers, body: unknown): Check {
  const op = operationFor(method, path);
  if (!op) return { ok: false, errors: [`no operation ${method} ${path}`] };
  const declared = declaredResponse(method, path, status);
  if (!declared) return { ok: false, errors: [`${method} ${op.template} does not declare ${status}`] };
  const errors: string[] = [];
  if (declared.schema) {
    const key = `${op.method} ${op.template} ${status}`;
    const { ajv, compiled } = harborSpec();
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(declared.schema);
      compiled.set(key, validate);
    }
    if (!validate(body)) errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`));
  }
  for (const name of Object.keys(declared.headers ?? {})) {
    // Link is declared on lists but sent only when there is a previous or next page.
    if (name === "Link" || name === "Content-Type") continue;
    if (!headers.has(name)) errors.push(`missing header ${name}`);
  }
  return { ok: errors.length === 0, errors };
}
