/**
 * Constant-time string comparison: every code unit of `given` is compared, whatever matched
 * before, so the time depends only on the length of what the caller sent, never on the secret.
 * (Hashing both sides with crypto.subtle cost 1.5 ms of CPU per webhook on Deno.)
 */
export async function secureEqual(given: string, expected: string): Promise<boolean> {
  const n = expected.length;
  let diff = given.length ^ n;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ (n === 0 ? 0 : expected.charCodeAt(i % n));
  return diff === 0;
}
