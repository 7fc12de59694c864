/** Keys repeat on every entity of a page: each is quoted once (up to a bound, keys being data too). */
const quoted = new Map<string, string>();
const MAX_QUOTED = 4096;

function quote(key: string): string {
  let json = quoted.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (quoted.size < MAX_QUOTED) quoted.set(key, json);
  }
  return json;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted at every level, so equal values (a config, an entity) hash equally
 * whatever their key order. Built by concatenation, without the arrays of entries a map/join
 * version makes: it runs once per entity on every page.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = "{";
  for (const key of Object.keys(record).sort(byCodeUnits)) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out.length === 1 ? "" : ","}${quote(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
