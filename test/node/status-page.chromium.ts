import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for headless Chromium on a closed network: without the background-networking ones it
 * keeps trying Google's hosts. Playwright adds --headless and a fresh profile itself.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type Chromium = { path: string } | { missing: string };

/** Debian's chromium; installed with apt-get when it is missing and we run as root. */
export function ensureChromium(): Chromium {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.getuid?.() !== 0) return { missing: `${CHROMIUM} is missing; install it with: apt-get install -y chromium` };
  try {
    const quiet = { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } } as const;
    execFileSync("apt-get", ["update", "-qq"], { ...quiet, timeout: 300_000 });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { ...quiet, timeout: 900_000 });
  } catch (err) {
    return { missing: `apt-get install -y chromium failed: ${(err as Error).message}` };
  }
  return existsSync(CHROMIUM) ? { path: CHROMIUM } : { missing: `apt-get installed chromium, but ${CHROMIUM} is not there` };
}
