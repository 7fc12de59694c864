import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { PortError } from "./http.ts";
import type { Blueprint } from "./store.ts";

/** Port-only formats are display hints; `timer` is a date-time and `url` an absolute URI. */
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats(ajv);
for (const format of ["markdown", "yaml", "user", "blueprints", "team", "proto", "labeled-url"]) ajv.addFormat(format, true);
ajv.addFormat("timer", ajv.formats["date-time"]!);
ajv.addFormat("url", ajv.formats.uri!);

const compiled = new WeakMap<Blueprint["schema"], ValidateFunction>();

function validatorFor(blueprint: Blueprint): ValidateFunction {
  let fn = compiled.get(blueprint.schema);
  if (!fn) {
    const schema = { type: "object", ...blueprint.schema, additionalProperties: false };
    compiled.set(blueprint.schema, (fn = ajv.compile(schema)));
  }
  return fn;
}

/**
 * Property values against the blueprint's JSON schema (unknown keys rejected). A `null` value means
 * "unset", so it is dropped before the check and only fails a `required` property.
 */
export function checkProperties(blueprint: Blueprint, properties: Record<string, unknown>) {
  const set = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null));
  const validate = validatorFor(blueprint);
  if (validate(set)) return;
  const first = validate.errors![0]!;
  const extra = "additionalProperty" in first.params ? ` "${first.params.additionalProperty}"` : "";
  throw new PortError(
    422,
    "blueprint_schema_mismatch",
    `The properties of the entity do not match the schema of blueprint "${blueprint.identifier}": properties${first.instancePath} ${first.message}${extra}`,
  );
}
