import { describe, expect, it } from "vitest";
import type { CycleState, CycleSummary, ResourceProgress } from "../../src/sync/types.ts";
import { kindProgress } from "../../src/ui/progress.ts";
import { statusPage } from "../../src/ui/status-page.tsx";
import type { PluginView, StatusView } from "../../src/ui/view.ts";

const NOW = Date.parse("2026-11-22T12:00:00Z");

function resource(kind: string, over: Partial<ResourceProgress> = {}): ResourceProgress {
  return {
    index: 0,
    kind,
    status: "done",
    cursor: null,
    pages: 1,
    listed: 0,
    upserted: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    filtered: 0,
    itemErrors: 0,
    failedScopes: [],
    searchIdentifiers: 0,
    ...over,
  };
}

function cycle(resources: ResourceProgress[], over: Partial<CycleState> = {}): CycleState {
  return {
    id: "c1",
    startedAt: "2026-11-22T11:58:00.000Z",
    reason: "interval",
    mappingHash: "h",
    writer: "local",
    resources,
    position: 0,
    segments: [],
    pageIndex: {},
    reconcile: null,
    ...over,
  };
}

const finished = (c: CycleState): CycleSummary => ({ ...c, finishedAt: "2026-11-22T11:00:00.000Z", startedAt: "2026-11-22T10:59:00.000Z" });

function plugin(over: Partial<PluginView> = {}): PluginView {
  return {
    enabled: true,
    settings: { status: "configured" },
    kinds: ["project", "artifact"],
    mapping: { source: "default", origin: "plugins/harbor/defaults/port-app-config.yml", hash: "0123456789abcdef", refused: null },
    cycle: null,
    lastCycle: null,
    nextCycleAt: null,
    errors: [],
    ...over,
  };
}

function status(plugins: Record<string, PluginView>): StatusView {
  return {
    version: "0.1.0",
    instance: "default",
    port: { configured: false, apiUrl: null, writesTo: "local catalog" },
    settings: { issues: [] },
    lastTick: null,
    plugins,
  };
}

const render = (plugins: Record<string, PluginView>) => statusPage(status(plugins), NOW);

/** What a reader sees of some HTML: its text, entities decoded, spaces collapsed. */
function text(html: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => entities[e]!)
    .replace(/\s+/g, " ")
    .trim();
}

/** The part of the page from the first `from` to the next `to`. */
function between(html: string, from: string, to: string): string {
  const start = html.indexOf(from);
  expect(start, `${from} is on the page`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf(to, start + from.length);
  return html.slice(start, end < 0 ? undefined : end);
}

/** Each progress bar's label and value, in page order. */
const bars = (html: string) =>
  [...html.matchAll(/<div class="bar[^"]*" role="progressbar"([^>]*)>/g)].map(([, attrs]) => [
    /aria-label="([^"]*)"/.exec(attrs!)?.[1],
    /aria-valuenow="([^"]*)"/.exec(attrs!)?.[1] ?? null,
  ]);

describe("kindProgress", () => {
  it("adds up the resources of one kind and measures listing against last cycle's total", () => {
    const previous = cycle([resource("artifact", { listed: 300 }), resource("artifact", { index: 1, listed: 100 })]);
    const running = cycle([
      resource("project", { listed: 5 }),
      resource("artifact", { index: 1, listed: 100, pages: 1 }),
      resource("artifact", { index: 2, status: "running", listed: 50, pages: 2 }),
    ]);
    const [project, artifact] = kindProgress(running, previous);
    expect(project).toMatchObject({ kind: "project", status: "done", fraction: 1, expected: null });
    expect(artifact).toMatchObject({ kind: "artifact", status: "running", resourcesDone: 1, resources: 2, pages: 3, listed: 150, expected: 400 });
    expect(artifact!.fraction).toBeCloseTo(150 / 400);
  });

  it("never shows a running kind as full when it lists more than last cycle", () => {
    const [p] = kindProgress(cycle([resource("user", { status: "running", listed: 120 })]), cycle([resource("user", { listed: 100 })]));
    expect(p!.fraction).toBe(0.99);
  });

  it("has no fraction for a first cycle still listing, and lets a failed resource win", () => {
    const [p] = kindProgress(cycle([resource("repo", { status: "running", listed: 7 })]), null);
    expect(p!.fraction).toBeNull();
    const [q] = kindProgress(cycle([resource("repo"), resource("repo", { index: 1, status: "failed" })]), null);
    expect(q).toMatchObject({ status: "failed", fraction: 1, resourcesDone: 2 });
  });
});

describe("status page", () => {
  it("shows a running cycle with a bar per kind, measured against the last cycle", () => {
    const html = render({
      harbor: plugin({
        cycle: cycle(
          [
            resource("project", { listed: 4 }),
            resource("artifact", { status: "running", listed: 250, pages: 3 }),
            resource("user", { status: "pending", pages: 0 }),
          ],
          { position: 1 },
        ),
        lastCycle: finished(
          cycle([resource("project", { listed: 4 }), resource("artifact", { listed: 1000, pages: 10 }), resource("user", { listed: 1 })]),
        ),
      }),
    });
    const running = between(html, '<section class="cycle running">', '<section class="cycle last">');
    expect(bars(running)).toEqual([
      ["project", "100"],
      ["artifact", "25"],
      ["user", "0"],
    ]);
    expect(text(running)).toContain("artifact running 250 items of ~1,000 last cycle · 3 pages");
    expect(text(running)).toContain("user pending waiting · ~1 item last cycle");
    const last = between(html, '<section class="cycle last">', "</article>");
    expect(bars(last)).toEqual([]);
    expect(text(last)).toContain("artifact done 1,000 items · 10 pages");
    expect(html).toContain('<meta http-equiv="refresh" content="10"');
  });

  it("shows an unmeasured bar during a first cycle and does not reload when nothing runs", () => {
    const first = render({ harbor: plugin({ cycle: cycle([resource("artifact", { status: "running", listed: 30 })]) }) });
    expect(bars(first)).toEqual([["artifact: total not known yet", null]]);
    expect(text(first)).toContain("30 items so far");
    const idle = render({ harbor: plugin({ lastCycle: finished(cycle([resource("artifact")])) }) });
    expect(idle).not.toContain("http-equiv");
    expect(bars(idle)).toEqual([]);
  });

  it("lists errors with item, field and message, escaped", () => {
    const html = render({
      harbor: plugin({
        errors: [
          { at: "2026-11-22T11:59:00.000Z", kind: "artifact", item: "lib/<img src=x>@sha256:1", field: "port.entity.mappings.properties.major", message: "jq: cannot parse 'latest' as a number" },
          { at: "2026-11-22T11:50:00.000Z", message: "tick failed: boom" },
        ],
      }),
    });
    const rows = between(html, '<ul class="list errors">', "</ul>").split('<li class="error">').slice(1);
    expect(rows.map(text)).toEqual([
      "1 min ago · artifact · item lib/<img src=x>@sha256:1 · field port.entity.mappings.properties.major jq: cannot parse 'latest' as a number",
      "10 min ago tick failed: boom",
    ]);
    expect(html).not.toContain("<img");
  });

  it("names the reason deletions were skipped", () => {
    const last = finished(cycle([resource("artifact")]));
    last.reconcile = {
      phase: "delete",
      kinds: [{ kind: "artifact", owned: 10, stale: 8, deleted: 0, failed: 0, skipped: "would delete 8 of 10 owned artifact entities (80%)" }],
      position: 1,
      from: null,
      staleSegments: [],
      deleteAt: { segment: 0, offset: 0 },
    };
    const deletions = text(between(render({ harbor: plugin({ lastCycle: last }) }), "<h3>Deletions", "</section>"));
    expect(deletions).toBe("Deletions artifact owned 10 stale 8 deleted 0 deletions skipped: would delete 8 of 10 owned artifact entities (80%)");
  });

  it("shows webhook counts only when /status has them", () => {
    expect(render({ harbor: plugin(), other: plugin({ webhooks: null }) })).not.toContain("Webhooks");
    const html = render({
      harbor: plugin({
        webhooks: {
          received: 12,
          applied: 10,
          failed: 1,
          rejected: 1,
          ignored: 0,
          lastAt: "2026-11-22T11:57:00.000Z",
          failures: [{ at: "2026-11-22T11:57:00.000Z", event: "PUSH_ARTIFACT", message: "Port answered 503" }],
        },
      }),
    });
    expect(text(between(html, '<section class="webhooks">', "</section>"))).toBe(
      "Webhooks received 12 applied 10 failed 1 rejected 1 ignored 0 last 3 min ago 3 min ago · PUSH_ARTIFACT Port answered 503",
    );
  });

  it("says why a plugin is not running", () => {
    const html = render({
      harbor: plugin({ enabled: false, mapping: null, settings: { status: "invalid", issues: [{ setting: "HARBOR_URL", message: "HARBOR_URL is invalid" }] } }),
      "bitbucket-gitops": plugin({ enabled: false, mapping: null, settings: { status: "not configured" } }),
    });
    expect(text(between(html, 'data-plugin="harbor"', "</article>"))).toContain("harbor invalid settings kinds: project, artifact HARBOR_URL is invalid");
    expect(text(between(html, 'data-plugin="bitbucket-gitops"', "</article>"))).toContain("bitbucket-gitops not configured");
  });

  it("says where entities go", () => {
    const html = render({});
    expect(text(html)).toMatch(/Writes to the local catalog \( ?\/catalog ?\): Port credentials are not set\./);
    expect(html).toContain('<a href="/catalog">/catalog</a>');
  });
});

describe("status page notices", () => {
  it("warns about a missing webhook secret on a working plugin", () => {
    const warning = "HARBOR_WEBHOOK_SECRET is not set: every webhook is refused, so changes reach the catalog only with the next resync cycle";
    const html = render({ harbor: plugin({ warnings: [warning] }) });
    const card = between(html, 'data-plugin="harbor"', "</article>");
    expect(card).toContain('<p class="s-warn msg">');
    expect(text(card)).toContain(`harbor idle kinds: project, artifact mapping: plugins/harbor/defaults/port-app-config.yml (01234567) ${warning}`);
  });

  it("says nothing syncs while the Port settings are invalid, instead of promising the next tick", () => {
    const page = status({ harbor: plugin({ nextCycleAt: "2026-11-22T12:05:00.000Z" }) });
    page.port = { configured: false, apiUrl: null, writesTo: "nowhere" };
    page.settings.issues = [{ setting: "PORT_CLIENT_SECRET", message: "PORT_CLIENT_SECRET is required (Port client secret)" }];
    const card = text(between(statusPage(page, NOW), 'data-plugin="harbor"', "</article>"));
    expect(card).toContain("harbor stopped");
    expect(card).toContain("Nothing syncs: every tick stops at the invalid Port settings named above.");
    expect(card).not.toMatch(/next cron tick starts one|next cycle in/);
  });

  it("shows the last tick's times relative, like the rest of the page", () => {
    const page = status({ harbor: plugin() });
    page.lastTick = {
      id: "t1",
      startedAt: "2026-11-22T11:55:00.000Z",
      durationMs: 1200,
      outbound: 3,
      cpuEstimateMs: 10,
      stateWrites: 2,
      pages: 1,
      stoppedBy: { harbor: "next cycle at 2026-11-22T12:30:00.000Z" },
    };
    const html = statusPage(page, NOW);
    const tick = between(html, '<section class="card tick">', "</section>");
    expect(text(tick)).toBe("Last tick 5 min ago took 1 s 1 page 3 outbound requests 2 state writes harbor stopped: next cycle in 30 min");
    expect(tick).toContain('<time datetime="2026-11-22T12:30:00.000Z" title="2026-11-22 12:30:00 UTC">in 30 min</time>');
  });
});

describe("webhook dead letters", () => {
  it("shows the count, the last error and each letter's summary, with a large event's size instead of the event", () => {
    const at = "2026-11-22T11:59:00.000Z";
    const base = { plugin: "harbor", attempts: 6, acceptedAt: at, failedAt: at };
    const page = statusPage(
      {
        ...status({}),
        deadLetters: {
          count: 57,
          lastError: "Port answered 503",
          lastAt: at,
          dropped: 0,
          events: [
            { ...base, id: "b", message: "PUSH_ARTIFACT big@1", error: "Port answered 503", eventBytes: 90_000 },
            { ...base, id: "s", message: "PUSH_ARTIFACT small@2", error: "Port answered 502", eventBytes: 30, event: { digest: "sha256:2" } },
          ],
        },
      },
      NOW,
    );
    const shown = text(between(page, "Webhook dead letters", "</section>"));
    expect(shown).toContain("waiting 57");
    expect(shown).toContain("The newest 2 of 57:");
    expect(shown).toContain("PUSH_ARTIFACT big@1 · 6 attempts Port answered 503 event of 90,000 bytes");
    expect(shown).toContain('PUSH_ARTIFACT small@2 · 6 attempts Port answered 502 {"digest":"sha256:2"}');
  });
});
