import { mkdirSync, writeFileSync } from "node:fs";
import { chromium as playwright, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { harborPlugin } from "../../plugins/harbor/index.ts";
import { startApp, type RunningApp } from "../demo/app.ts";
import { tickUntilIdle } from "../demo/resync.ts";
import { startSources, type Sources } from "../demo/sources.ts";
import { CHROMIUM_ARGS, ensureChromium } from "./status-page.chromium.ts";

const chromium = ensureChromium();
if ("missing" in chromium) console.warn(`status page browser test skipped: ${chromium.missing}`);

const ADMIN_TOKEN = "status-page-browser-test";
// A page test takes ~2.5 s alone and several times that on a loaded 2-core machine running the
// whole suite (vitest's default is 5 s); Playwright's own waits get a bound that still fails clearly.
const PAGE_TEST_MS = 90_000;
const BROWSER_WAIT_MS = 30_000;
const ARTIFACTS = new URL("../.artifacts/", import.meta.url);
const HARBOR_KINDS = ["project", "user", "repository", "artifact"];
const MAJOR_FIELD = "properties.major";

/** The default Harbor mapping plus a property that fails for tags like "latest": a mapping error to show. */
function mappingWithAnError(): string {
  const doc = parseDocument(harborPlugin.defaults.portAppConfig);
  const index = HARBOR_KINDS.indexOf("artifact");
  doc.setIn(["resources", index, "port", "entity", "mappings", "properties", "major"], '.tags[0].name | split(".")[0] | tonumber');
  return doc.toString();
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Decodes a screenshot in the page itself (no PNG decoder here) and counts its colours. */
async function pixels(page: Page, png: Buffer) {
  return page.evaluate(async (base64) => {
    // Runs in the page; the project's types have no DOM.
    const { document, Image } = globalThis as any;
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const data: Uint8ClampedArray = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set<number>();
    let unlikeCorner = 0;
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      colours.add(rgb);
      if (rgb !== ((data[0]! << 16) | (data[1]! << 8) | data[2]!)) unlikeCorner++;
    }
    return { width: img.width as number, height: img.height as number, colours: colours.size, inked: unlikeCorner / (data.length / 4) };
  }, png.toString("base64"));
}

function save(name: string, png: Buffer) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(new URL(name, ARTIFACTS), png);
}

const title = "missing" in chromium ? `status page in Chromium (skipped: ${chromium.missing})` : "status page in Chromium";

describe.skipIf("missing" in chromium)(title, () => {
  let sources: Sources;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    sources = await startSources();
    app = await startApp({
      ...sources.vars,
      ADMIN_TOKEN,
      // Small enough that a cycle spans many ticks, so one tick leaves it half done.
      RESYNC_SUBREQUEST_BUDGET: "8",
      HARBOR_PORT_APP_CONFIG: mappingWithAnError(),
    });
    await tickUntilIdle(app);
    // A second cycle, asked for through the admin API, which runs one tick at once: its bars then
    // measure against the first cycle's totals.
    const before = (await app.status()).lastTick.id;
    const asked = await app.fetch("/admin/resync/harbor", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(asked.status).toBe(202);
    const status = await waitFor("the resync tick", async () => {
      const s = await app.status();
      return s.lastTick.id !== before ? s : undefined;
    });
    expect(status.plugins.harbor.cycle, "the requested cycle is still running").not.toBeNull();
    // Ticks until a kind is part-way through its listing, the state the bars are for.
    await waitFor("a kind part-way listed", async () => {
      await app.tick();
      const resources: any[] = (await app.status()).plugins.harbor.cycle?.resources ?? [];
      return resources.some((r) => r.status === "running" && r.listed > 0) ? true : undefined;
    });
    browser = await playwright.launch({ executablePath: (chromium as { path: string }).path, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sources?.close();
  }, PAGE_TEST_MS);

  it("is closed without the admin token", async () => {
    expect((await app.fetch("/")).status).toBe(401);
  }, PAGE_TEST_MS);

  it("shows the plugins, a running cycle with a bar per kind, and the mapping's errors on a phone", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    const page = await context.newPage();
    const res = await page.goto(app.url.href);
    expect(res?.status()).toBe(200);

    const harbor = page.locator('[data-plugin="harbor"]');
    await expect(harbor.locator("h2").textContent()).resolves.toBe("harbor");
    await expect(page.locator('[data-plugin="bitbucket-gitops"] h2').count()).resolves.toBe(1);

    const running = harbor.locator(".cycle.running");
    expect(await running.locator(".kind[data-kind]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")))).toEqual(HARBOR_KINDS);
    const bars = running.locator('[role="progressbar"]');
    expect(await bars.count()).toBe(HARBOR_KINDS.length);
    expect(await bars.first().isVisible()).toBe(true);
    const values = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute("aria-valuenow"))));
    expect(values[0]).toBe(100);
    expect(values.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(await running.locator(".kind", { hasText: /\d items of ~[\d,]+ last cycle/ }).count()).toBe(1);
    expect(await harbor.locator(".cycle.last .kind[data-kind]").count()).toBe(HARBOR_KINDS.length);

    const errorRow = harbor.locator("li.error").filter({ has: page.locator("code.field", { hasText: MAJOR_FIELD }) }).first();
    expect(await errorRow.isVisible()).toBe(true);
    expect(await errorRow.locator("code.item").textContent()).toMatch(/^[\w./-]+@sha256:[0-9a-f]{64}$/);
    expect((await errorRow.locator(".msg").textContent())!.length).toBeGreaterThan(0);

    const overflow = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as any;
      return (document.documentElement.scrollWidth as number) - innerWidth;
    });
    expect(overflow, "page is wider than the phone").toBeLessThanOrEqual(0);

    // What the phone shows first, and the whole page.
    save("status-page-phone-top.png", await page.screenshot());
    const png = await page.screenshot({ fullPage: true });
    save("status-page-phone.png", png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const shot = await pixels(page, png);
    expect(shot.width).toBe(390 * 2);
    expect(shot.height).toBeGreaterThan(844 * 2);
    expect(shot.colours).toBeGreaterThan(50);
    expect(shot.inked).toBeGreaterThan(0.02);
    await context.close();
  }, PAGE_TEST_MS);

  it("renders on a desktop screen too", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    const page = await context.newPage();
    await page.goto(app.url.href);
    const png = await page.screenshot({ fullPage: true });
    save("status-page-desktop.png", png);
    const shot = await pixels(page, png);
    expect(shot.width).toBe(1280);
    expect(shot.colours).toBeGreaterThan(50);
    await context.close();
  }, PAGE_TEST_MS);
});
