/**
 * The Bitbucket DC 9.4 OpenAPI description as a response validator: one loader, one place for
 * the known spec errors, so the fake server and our client are pinned to the same source.
 * Node-only (reads the vendored spec from disk).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export const BITBUCKET_SPEC_FILE = "bitbucket-dc-9.4-openapi.json";
export const BITBUCKET_SPEC_SHA256 = "f7d3f3fa75479476cc6124ddc72ee047866e986f1912bd894ce972597601d755";

/** The shared specs folder sits next to the checkout unless PORTSIDE_SPECS_DIR points elsewhere. */
export function specsDir(): string {
  return process.env.PORTSIDE_SPECS_DIR ?? resolve(fileURLToPath(new URL("../../..", import.meta.url)), "shared/specs");
}

type Schema = Record<string, any>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  responses: Record<string, Schema>;
}

export interface SpecCheck {
  /** The spec path template the request matched, e.g. /api/latest/projects/{projectKey}. */
  template?: string;
  /** False when the spec declares no schema for this status (nothing to validate against). */
  declared: boolean;
  valid: boolean;
  errors: string[];
}

const PAGE_KEYS = ["isLastPage", "limit", "size", "start", "values"];

const pageOf = (items: Schema): Schema => ({
  type: "object",
  required: PAGE_KEYS,
  properties: {
    isLastPage: { type: "boolean" },
    limit: { type: "number" },
    nextPageStart: { type: "integer", nullable: true },
    size: { type: "number" },
    start: { type: "integer" },
    values: { type: "array", items: items },
  },
});

const LINKS: Schema = {
  type: "object",
  properties: {
    self: { type: "array", items: { type: "object", required: ["href"], properties: { href: { type: "string" } } } },
    clone: {
      type: "array",
      items: { type: "object", required: ["href", "name"], properties: { href: { type: "string" }, name: { type: "string" } } },
    },
  },
};

/**
 * Every deviation from the vendored spec, with why (specs/README.md and the spec's .README.md):
 * the real server is the authority, the spec is patched to it — never the fake to the spec.
 */
function patch(spec: Schema): void {
  const schemas = spec.components.schemas;
  // Real errors carry `context: null` outside validation failures.
  schemas.RestErrorMessage.properties.context.nullable = true;
  // `links` is marked writeOnly with no properties, yet GET responses carry self/clone links.
  for (const name of ["RestRepository", "RestProject", "RestPullRequest", "RestApplicationUser"]) {
    schemas[name].properties.links = LINKS;
    schemas[name].required = [...(schemas[name].required ?? []), "links"];
  }
  schemas.RestRepository.properties.project.properties.links = LINKS;
  schemas.RestRepository.properties.origin.properties.links = LINKS;
  // `defaultBranch` is write-only: a GET that returns it is not behaving like the server.
  schemas.RestRepository.not = { required: ["defaultBranch"] };
  // RestWebhook lacks the id and timestamps every real response includes.
  Object.assign(schemas.RestWebhook.properties, {
    id: { type: "integer" },
    createdDate: { type: "integer" },
    updatedDate: { type: "integer" },
  });
  schemas.RestWebhook.required = ["id", "createdDate", "updatedDate", "name", "url", "events", "active"];
  for (const [template, ops] of Object.entries<Schema>(spec.paths)) {
    for (const op of Object.values<Schema>(ops)) {
      for (const response of Object.values<Schema>(op?.responses ?? {})) {
        for (const media of Object.values<Schema>(response.content ?? {})) {
          // File pages end with `nextPageStart: null`; the inline page schemas say int32 only.
          const next = media.schema?.properties?.nextPageStart;
          if (next) next.nullable = true;
        }
      }
    }
    // Webhook listings are declared without a schema; they are pages of RestWebhook.
    if (/\/webhooks$/.test(template) && ops.get?.responses?.["200"])
      ops.get.responses["200"].content = {
        "application/json;charset=UTF-8": { schema: pageOf({ $ref: "#/components/schemas/RestWebhook" }) },
      };
  }
  // GET /users is declared as one user; it answers a page of them, like every other listing.
  spec.paths["/api/latest/users"].get.responses["200"].content = {
    "application/json;charset=UTF-8": { schema: pageOf({ $ref: "#/components/schemas/RestApplicationUser" }) },
  };
  // raw/browse declare no 200 schema: raw is bytes, browse is asserted in the fake's tests.
}

const BITBUCKET_REF = "bitbucket-spec";

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === "$ref" && typeof v === "string" ? BITBUCKET_REF + v : rewriteRefs(v);
    return out;
  }
  return node;
}

export class BitbucketSpec {
  readonly sha256: string;
  private readonly ops: Operation[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(text: string) {
    this.sha256 = createHash("sha256").update(text).digest("hex");
    const spec = JSON.parse(text) as Schema;
    patch(spec);
    addFormats(this.ajv);
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ components: spec.components }, BITBUCKET_REF);
    for (const [template, ops] of Object.entries<Schema>(spec.paths)) {
      const source = template.replace(/\{path\}/g, "(?:.+)").replace(/\{[^}]+\}/g, "[^/]+");
      for (const [method, op] of Object.entries<Schema>(ops)) {
        if (!op?.responses) continue;
        const responses: Record<string, Schema> = {};
        for (const [status, r] of Object.entries<Schema>(op.responses)) {
          const media = Object.values<Schema>(r.content ?? {}).find((m) => m.schema && Object.keys(m.schema).length);
          if (media) responses[status] = media.schema;
        }
        this.ops.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          params: (template.match(/\{/g) ?? []).length,
          responses,
        });
      }
    }
    // Literal segments beat parameters: /webhooks/test before /webhooks/{webhookId}.
    this.ops.sort((a, b) => a.params - b.params || b.template.length - a.template.length);
  }

  /** Map a served path (`[/ctx]/rest/api/1.0/x`) to the spec's `/api/latest/x`. */
  static specPath(pathname: string): string {
    const at = pathname.indexOf("/rest/api/");
    const tail = pathname.slice(at + "/rest/api/".length).replace(/^(?:1\.0|latest)\//, "");
    return `/api/latest/${tail}`;
  }

  operation(method: string, pathname: string): Operation | undefined {
    const path = BitbucketSpec.specPath(pathname);
    return this.ops.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
  }

  /** Validate a response body for (method, served path, status) against the patched spec. */
  check(method: string, pathname: string, status: number, body: unknown): SpecCheck {
    const op = this.operation(method, pathname);
    if (!op) return { declared: false, valid: false, errors: [`no operation for ${method} ${pathname}`] };
    const key = `${op.method} ${op.template} ${status}`;
    if (!this.compiled.has(key)) {
      const schema = op.responses[String(status)];
      this.compiled.set(key, schema ? this.ajv.compile(rewriteRefs(schema) as Schema) : null);
    }
    const validate = this.compiled.get(key);
    if (!validate) return { template: op.template, declared: false, valid: true, errors: [] };
    const valid = validate(body) as boolean;
    return {
      template: op.template,
      declared: true,
      valid,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`),
    };
  }

  /** Error bodies validate against RestErrors whatever the status (many 4xx are undeclared). */
  checkErrors(body: unknown): SpecCheck {
    const validate = this.ajv.getSchema(`${BITBUCKET_REF}#/components/schemas/RestErrors`)!;
    const strict = { type: "object", required: ["errors"] };
    const valid = (validate(body) as boolean) && this.ajv.validate(strict, body);
    return { declared: true, valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
  }
}

let cached: BitbucketSpec | undefined;

export function loadBitbucketSpec(): BitbucketSpec {
  return (cached ??= new BitbucketSpec(readFileSync(resolve(specsDir(), BITBUCKET_SPEC_FILE), "utf8")));
}
