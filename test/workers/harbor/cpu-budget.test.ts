import { beforeEach, describe, expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, expected } from "../../fixtures/harbor/realistic.ts";
import { cpuEstimate } from "../../../src/sync/cpu.ts";
import { harness, identifiers, runCycle, type Harness } from "./support.ts";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness();
});

describe("the tick's CPU estimate", () => {
  it("charges the tick, each step and its items, and lets a step run only while one like the costliest fits", () => {
    const cpu = cpuEstimate(10, { tickUs: 2000, stepUs: 1000, itemUs: 10 });
    expect(cpu.spentMs).toBe(2);
    cpu.charge(100); // 1 + 1 ms
    expect(cpu.spentMs).toBeCloseTo(4);
    expect(cpu.nextStepFits()).toBe(true); // 4 + 2 <= 10
    cpu.charge(0);
    expect(cpu.nextStepFits()).toBe(true); // 5 + 2 <= 10
    cpu.charge(250); // 1 + 2.5 ms: the costliest step now
    expect(cpu.spentMs).toBeCloseTo(8.5);
    expect(cpu.nextStepFits()).toBe(false); // 8.5 + 3.5 > 10
  });

  it("stops a tick at RESYNC_CPU_BUDGET_MS after its first page, and the cycle still completes over more ticks", async () => {
    // The Workers defaults: 45 subrequests and the free plan's 10 ms of CPU.
    const { RESYNC_CPU_BUDGET_MS: _, ...tight } = h.env(credentials.admin, { RESYNC_SUBREQUEST_BUDGET: "45" });
    await tick(tight);
    const first = (await status(tight)).lastTick;
    expect(first).toMatchObject({ pages: 1, stoppedBy: { harbor: "CPU budget spent" } });
    expect(first.cpuEstimateMs).toBeGreaterThan(10);

    const roomy = h.env(credentials.admin, { RESYNC_CPU_BUDGET_MS: "100000" });
    await tick(roomy);
    expect((await status(roomy)).lastTick.pages).toBeGreaterThan(1);

    const ticks = await runCycle(tight);
    expect(ticks).toBeGreaterThan(3);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(expected.artifacts);
  });
});
