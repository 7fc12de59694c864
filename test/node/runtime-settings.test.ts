import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRuntime } from "../../src/runtime/context.ts";
import { plugins } from "../../plugins/registry.ts";

const deps = { storage: () => createStorage({ driver: memoryDriver() }) };
const harbor = { HARBOR_URL: "http://127.0.0.1:9", HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "x", PORTSIDE_INSTANCE: "memo" };

afterEach(() => vi.restoreAllMocks());

describe("createRuntime", () => {
  it("reads an env's settings once per isolate: another request with the same values reuses them", () => {
    const first = createRuntime({ ...harbor }, plugins, deps);
    const second = createRuntime({ ...harbor }, plugins, deps);
    expect(second.options).toBe(first.options);
    expect(second.plugins).toBe(first.plugins);
    // What each invocation counts is its own.
    expect(second.state).not.toBe(first.state);
  });

  it("reads a changed env again, whether a new object or the same one changed", () => {
    const env: Record<string, unknown> = { ...harbor, RESYNC_SUBREQUEST_BUDGET: "40" };
    expect(createRuntime(env, plugins, deps).options.subrequestBudget).toBe(40);
    env.RESYNC_SUBREQUEST_BUDGET = "45";
    expect(createRuntime(env, plugins, deps).options.subrequestBudget).toBe(45);
    expect(createRuntime({ ...env, RESYNC_SUBREQUEST_BUDGET: "41" }, plugins, deps).options.subrequestBudget).toBe(41);
    expect(createRuntime({ ...env, HARBOR_URL: undefined }, plugins, deps).plugins.find((p) => p.plugin.name === "harbor")?.enabled).toBe(false);
  });

  it("does not log an invalid setting again for the same env", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const env = { ...harbor, PORTSIDE_INSTANCE: "memo-invalid", RESYNC_SUBREQUEST_BUDGET: "lots" };
    for (let i = 0; i < 3; i++) createRuntime({ ...env }, plugins, deps);
    const invalid = error.mock.calls.map(([line]) => JSON.parse(String(line))).filter((l) => l.event === "settings.invalid");
    expect(invalid).toHaveLength(1);
  });
});
