/** Splits the items of a bulk request so every body stays within Port's count and size limits. */

export interface BatchLimits {
  maxItems: number;
  /** Largest allowed body, in UTF-8 bytes of its JSON. */
  maxBytes: number;
}

const encoder = new TextEncoder();
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes of a text; JSON of entities is mostly ASCII, whose length is its byte count. */
const utf8Bytes = (text: string): number => (NON_ASCII.test(text) ? encoder.encode(text).length : text.length);

export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value));

export interface Packed<T> {
  batches: T[][];
  /** The JSON of each item of each batch as sized: a body is these, joined (see `packedBody`). */
  json: string[][];
  /** Items too large to send even alone. */
  oversized: T[];
}

/**
 * Greedy, order-preserving packing for bodies shaped `{"<key>":[item,item,…]}`. The size is
 * computed exactly as JSON.stringify writes the body, so the bound holds on the wire.
 */
export function packBatches<T>(
  items: readonly T[],
  key: string,
  wire: (item: T) => unknown,
  limits: BatchLimits,
): Packed<T> {
  const overhead = jsonBytes({ [key]: [] });
  const batches: T[][] = [];
  const json: string[][] = [];
  const oversized: T[] = [];
  let current: T[] = [];
  let currentJson: string[] = [];
  let bytes = overhead;
  for (const item of items) {
    const text = JSON.stringify(wire(item));
    const size = utf8Bytes(text);
    if (overhead + size > limits.maxBytes) {
      oversized.push(item);
      continue;
    }
    const added = current.length === 0 ? size : size + 1;
    if (current.length === limits.maxItems || bytes + added > limits.maxBytes) {
      batches.push(current);
      json.push(currentJson);
      current = [];
      currentJson = [];
      bytes = overhead;
    }
    bytes += current.length === 0 ? size : size + 1;
    current.push(item);
    currentJson.push(text);
  }
  if (current.length > 0) {
    batches.push(current);
    json.push(currentJson);
  }
  return { batches, json, oversized };
}

/**
 * The body `{"<key>":[…]}` from items' JSON, as JSON.stringify would write it: items are
 * serialised once, for sizing, and not again when sent.
 */
export const packedBody = (key: string, json: readonly string[]): string => `{${JSON.stringify(key)}:[${json.join(",")}]}`;
