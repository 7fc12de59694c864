import { beforeEach, describe, expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, expected } from "../../fixtures/harbor/realistic.ts";
import { CPU_MODEL, cpuEstimate, pageLimit } from "../../../src/sync/cpu.ts";
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

  it("judges the next step by a full page when the steps so far were shorter", () => {
    const cpu = cpuEstimate(10, { tickUs: 2000, stepUs: 1000, itemUs: 100 });
    cpu.charge(5); // 1.5 ms: a short page at the end of a project
    expect(cpu.nextStepFits()).toBe(true); // 3.5 + 1.5 <= 10
    expect(cpu.nextStepFits(60)).toBe(false); // 3.5 + 7 > 10: a page of 60 would pass the budget
    expect(cpu.nextStepFits(55)).toBe(true); // 3.5 + 6.5 <= 10
    expect(cpu.stepsFit(2, 20)).toBe(true); // 3.5 + 2 × 3 <= 10
    expect(cpu.stepsFit(3, 20)).toBe(false); // 3.5 + 3 × 3 > 10
  });

  it("sizes pages so that a tick of one page fits the budget: at least one item, at most the plugin's page size", () => {
    const model = { tickUs: 2000, stepUs: 1000, itemUs: 100 };
    expect(pageLimit(10, 100, model)).toBe(70); // (10 - 2 - 1) ms / 100 µs
    expect(pageLimit(30, 100, model)).toBe(100);
    expect(pageLimit(3, 100, model)).toBe(1);
    expect(pageLimit(0, 100, model)).toBe(100);
    const estimate = cpuEstimate(10, model);
    estimate.charge(pageLimit(10, 100, model));
    expect(estimate.spentMs).toBeLessThanOrEqual(10);
  });

  it("stops a tick within RESYNC_CPU_BUDGET_MS, with pages the budget fits, and the cycle still completes over more ticks", async () => {
    // The Workers defaults: 45 subrequests and the free plan's 10 ms of CPU.
    const { RESYNC_CPU_BUDGET_MS: _, ...tight } = h.env(credentials.admin, { RESYNC_SUBREQUEST_BUDGET: "45" });
    await tick(tight);
    const first = (await status(tight)).lastTick;
    expect(first.stoppedBy).toEqual({ harbor: "CPU budget spent" });
    expect(first.cpuEstimateMs).toBeLessThanOrEqual(10);

    const roomy = h.env(credentials.admin, { RESYNC_CPU_BUDGET_MS: "100000" });
    await tick(roomy);
    expect((await status(roomy)).lastTick.pages).toBeGreaterThan(first.pages);

    await h.harbor.clearRequests();
    const ticks = await runCycle(tight);
    expect(ticks).toBeGreaterThan(3);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(expected.artifacts);
    // Every listing of a kind's items asked Harbor for a page the free plan's budget fits.
    const limit = pageLimit(10, 100);
    expect(limit).toBe(Math.floor((10_000 - CPU_MODEL.tickUs - CPU_MODEL.stepUs) / CPU_MODEL.itemUs));
    const itemListings = (await h.harbor.requests()).filter((r) => /^\/api\/v2\.0\/(users|projects\/[^/]+\/(artifacts|repositories))$/.test(r.path));
    expect(itemListings.length).toBeGreaterThan(0);
    for (const r of itemListings) expect(new URLSearchParams(r.query).get("page_size")).toBe(String(limit));
  });
});
