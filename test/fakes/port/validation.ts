import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { invalidRequest } from "./http.ts";
import { searchQuery } from "./schemas.ts";

/**
 * Port runs on Fastify: bodies and query strings are checked with Ajv before the handler, query
 * strings with type coercion, and a failure reads like "body/entities must NOT have more than 20 items".
 */
function createAjv(coerceTypes: boolean | "array") {
  const ajv = new Ajv2020({ strict: false, useDefaults: true, coerceTypes });
  addFormats(ajv);
  ajv.addSchema(searchQuery);
  return ajv;
}

const bodyAjv = createAjv(false);
const queryAjv = createAjv("array");
const compiled = new WeakMap<object, ValidateFunction>();

function compile(ajv: typeof bodyAjv, schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) compiled.set(schema, (fn = ajv.compile(schema)));
  return fn;
}

function check(where: "body" | "querystring", fn: ValidateFunction, data: unknown) {
  if (fn(data)) return;
  const first = fn.errors?.[0];
  const suffix = first?.params && "additionalProperty" in first.params ? ` '${first.params.additionalProperty}'` : "";
  throw invalidRequest(`${where}${first?.instancePath ?? ""} ${first?.message ?? "is invalid"}${suffix}`);
}

/** The parsed JSON body, with schema defaults applied, or a 422 invalid_request. */
export function validBody<T>(schema: object, body: unknown): T {
  check("body", compile(bodyAjv, schema), body);
  return body as T;
}

/** The query string as typed values; parameters declared as arrays keep every occurrence. */
export function validQuery<T>(schema: { properties?: Record<string, { type?: unknown }> }, params: URLSearchParams): T {
  const query: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const declared = schema.properties?.[key]?.type;
    query[key] = declared === "array" ? params.getAll(key) : params.get(key);
  }
  check("querystring", compile(queryAjv, schema), query);
  return query as T;
}
