/**
 * 53-bit string hash (cyrb53): fits a JS number exactly, so produced-identifier sets and content
 * hashes stay plain JSON arrays. A collision can only make portside skip a write or keep a stale
 * entity, never delete a live one.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export const refHash = (ref: { blueprint: string; identifier: string }) => hash53(`${ref.blueprint}\u0000${ref.identifier}`);

/**
 * A relation target by identifier alone: which blueprint a relation points into is in the
 * blueprint's schema, not the entity, so a same-named entity of another blueprint is spared too.
 */
export const targetHash = (identifier: string) => hash53(`\u0001${identifier}`);
