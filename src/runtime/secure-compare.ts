const encoder = new TextEncoder();

/**
 * Constant-time string comparison on Web Crypto alone (workerd's timingSafeEqual is not in Deno or
 * Node's webcrypto): both sides are hashed first, so neither length nor content leaks through timing.
 */
export async function secureEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const left = new Uint8Array(x);
  const right = new Uint8Array(y);
  let diff = a.length === b.length ? 0 : 1;
  for (let i = 0; i < left.length; i++) diff |= left[i]! ^ right[i]!;
  return diff === 0;
}
