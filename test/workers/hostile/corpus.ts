import { afterEach, beforeEach, expect, vi } from "vitest";
import { status, type TestEnv } from "../../support/app.ts";
import { ADMIN_TOKEN } from "../../support/cycles.ts";
import type { FakeControl } from "../../support/fakes.ts";
import { credentials as bitbucketCredentials } from "../../fixtures/bitbucket/gitops.ts";
import { credentials as harborCredentials } from "../../fixtures/harbor/realistic.ts";
import { SECRET as HARBOR_WEBHOOK_SECRET } from "../harbor/webhook-deliveries.ts";
import { WEBHOOK_SECRET as BITBUCKET_WEBHOOK_SECRET } from "../bitbucket/support.ts";

/**
 * The hostile-input corpus: each row is one bad input with the answer it must get, where that
 * answer is reported, and what Port must hold afterwards. Every row also checks that no secret
 * reached the response, the log or /status. Rows share their fakes and synced catalog.
 */

/** Every secret value the harnesses configure; none may ever be shown. */
export const SECRETS = [
  "test-client-secret",
  ADMIN_TOKEN,
  HARBOR_WEBHOOK_SECRET,
  BITBUCKET_WEBHOOK_SECRET,
  bitbucketCredentials.user.password,
  bitbucketCredentials.token,
  ...Object.values(harborCredentials).map((c) => c.password),
];

/** Every log line written while the current row ran. */
export function captureLogs(): { lines: string[] } {
  const captured = { lines: [] as string[] };
  beforeEach(() => {
    captured.lines = [];
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void captured.lines.push(args.map(String).join(" ")));
    }
  });
  afterEach(() => vi.restoreAllMocks());
  return captured;
}

/** Fails the row when a secret shows in any of the texts. */
export function expectNoSecrets(texts: string[], extra: string[] = []) {
  const leaked = [...SECRETS, ...extra].filter((secret) => texts.some((text) => text.includes(secret)));
  expect(leaked, "secrets shown").toEqual([]);
}

/** Port's catalog without the fields each write sets, for before/after comparisons. */
export async function catalog(port: FakeControl): Promise<string[]> {
  const state = await port.state();
  return (state.entities as any[])
    .map(({ createdAt, updatedAt, createdBy, updatedBy, ...rest }) => JSON.stringify(rest))
    .sort();
}

export async function statusText(env: TestEnv): Promise<string> {
  return JSON.stringify(await status(env));
}
