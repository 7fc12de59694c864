/** Splits the items of a bulk request so every body stays within Port's count and size limits. */

export interface BatchLimits {
  maxItems: number;
  /** Largest allowed body, in UTF-8 bytes of its JSON. */
  maxBytes: number;
}

const encoder = new TextEncoder();

export const jsonBytes = (value: unknown): number => encoder.encode(JSON.stringify(value)).length;

export interface Packed<T> {
  batches: T[][];
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
  const oversized: T[] = [];
  let current: T[] = [];
  let bytes = overhead;
  for (const item of items) {
    const size = jsonBytes(wire(item));
    if (overhead + size > limits.maxBytes) {
      oversized.push(item);
      continue;
    }
    const added = current.length === 0 ? size : size + 1;
    if (current.length === limits.maxItems || bytes + added > limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = overhead;
    }
    bytes += current.length === 0 ? size : size + 1;
    current.push(item);
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}
