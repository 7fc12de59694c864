/**
 * Port stores the User-Agent of a write as the entity's `$datasource`, so the UA is how portside
 * finds its own entities again. The version sits between the fixed prefix and suffix, so a
 * release does not orphan what the previous one wrote.
 */

export type Datasource = "exporter" | "gitops";

export interface Writer {
  plugin: string;
  instance: string;
  kind: string;
  datasource: Datasource;
}

export interface Ownership {
  datasourcePrefix: string;
  datasourceSuffix: string;
}

/** No "/" inside a segment: that keeps prefix and suffix from matching another writer's UA. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+@-]*$/;

function segment(name: string, value: string): string {
  if (!SEGMENT.test(value)) throw new Error(`invalid ${name} for a User-Agent segment: ${JSON.stringify(value)}`);
  return value;
}

export function userAgentFor(writer: Writer & { version: string }): string {
  const { datasourcePrefix, datasourceSuffix } = ownershipFor(writer);
  return `${datasourcePrefix}${segment("version", writer.version)}${datasourceSuffix}`;
}

export function ownershipFor(writer: Writer): Ownership {
  return {
    datasourcePrefix: `portside/${segment("plugin", writer.plugin)}/`,
    datasourceSuffix: `/${segment("instance", writer.instance)}/${segment("kind", writer.kind)}/${segment("datasource", writer.datasource)}`,
  };
}
