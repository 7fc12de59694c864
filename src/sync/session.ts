import { createLocalCatalog } from "../catalog/local.ts";
import { resolveMapping, type MappingInForce } from "../config/mapping.ts";
import type { CompiledMapping } from "../mapping/engine.ts";
import type { AnyPlugin, PluginContext } from "../plugin.ts";
import { createPortWriter } from "../port/writer.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { createOutbound, type Outbound } from "../runtime/outbound.ts";
import type { CatalogWriter } from "./catalog-writer.ts";
import { pluginContext } from "./plugin-context.ts";
import { producedBy, type ProducedSet } from "./produced.ts";
import { segmentReader, type SegmentReader } from "./segments.ts";
import { emptyPluginState, type PluginState, type SyncState } from "./types.ts";

/**
 * What one unit of sync work (a cron tick, a webhook, a queued message) opens before it lists or
 * writes anything: one outbound budget, one writer, one segment cache, and per plugin the mapping
 * in force, its blueprints and the context the plugin sees. Every way in opens it the same way, so
 * what one of them learnt (blueprints ensured, what the last cycle wrote) spares the others requests.
 */
export interface Session {
  outbound: Outbound;
  writer: CatalogWriter;
  /** Which catalog the writes go to: hashes of what was written are only meaningful there. */
  catalog: string;
  readSegment: SegmentReader;
  /** Resolves the plugin's mapping (the last good one stays in force when a newer one is refused). */
  open(loaded: LoadedPlugin): Promise<PluginSession>;
}

export interface PluginSession {
  plugin: AnyPlugin;
  /** The plugin's part of the sync state; only the tick saves it. */
  state: PluginState;
  inForce: MappingInForce;
  context: PluginContext<any>;
  /** The plugin's default blueprints, ensured once per mapping and catalog; null when they already were. */
  ensureBlueprints(mapping: CompiledMapping): Promise<{ created: string[] } | null>;
  /**
   * References the last finished cycle of this mapping and catalog wrote, or null when that takes
   * more than a few segment reads: what portside has a record of writing is not someone else's.
   */
  lastProduced(mapping: CompiledMapping): Promise<ProducedSet | null>;
}

/**
 * A webhook reads the last cycle's segments to learn what it wrote only while they are few and
 * small (about 36 bytes of JSON an entity): past that, reading them costs more CPU than the Port
 * searches it saves. They are read once per isolate. A free-plan tick writes one page of 25 items,
 * so a cycle of 3,200 entities has 128 segments (read at once, one KV read each, well under the
 * 1,000 an invocation may make).
 */
const MAX_SEGMENTS_PER_EVENT = 128;
const MAX_ENTITIES_PER_EVENT = 10_000;

/**
 * What the last finished cycle produced, by plugin: a finished cycle's segments never change (their
 * keys are tick ids), so the events an isolate serves read and sort them once, not each time. Only
 * the latest cycle is kept, and only a set that could be built: KV reads are eventually consistent.
 */
const lastSets = new Map<string, { key: string; set: Promise<ProducedSet | null> }>();

function producedOnce(plugin: string, segments: readonly string[], read: SegmentReader): Promise<ProducedSet | null> {
  const key = segments.join("\n");
  const kept = lastSets.get(plugin);
  if (kept?.key === key) return kept.set;
  const set = producedBy(plugin, segments, read).then((found) => (typeof found === "string" ? null : found));
  const forget = () => {
    if (lastSets.get(plugin)?.set === set) lastSets.delete(plugin);
  };
  set.then((found) => found ?? forget(), forget);
  lastSets.set(plugin, { key, set });
  return set;
}

/** Null when Port settings are half given: the missing one is reported in /status, nothing is written. */
export function openSession(rt: Runtime, sync: SyncState): Session | null {
  const outbound = createOutbound(rt.options.subrequestBudget, rt.fetch);
  const writer = openWriter(rt, outbound, sync);
  if (!writer) return null;
  const catalog = catalogId(rt);
  const readSegment = segmentReader(rt.state);
  return {
    outbound,
    writer,
    catalog,
    readSegment,
    async open(loaded) {
      const { plugin } = loaded;
      const state = (sync.plugins[plugin.name] ??= emptyPluginState());
      const inForce = await resolveMapping(rt, plugin, { integration: writer.integration, lastGood: state.mapping });
      return {
        plugin,
        state,
        inForce,
        context: pluginContext(rt, loaded, outbound),
        async ensureBlueprints(mapping) {
          const key = `${mapping.hash}|${catalog}`;
          if (state.blueprintsFor === key) return null;
          const result = await writer.ensureBlueprints(plugin.defaults.blueprints);
          state.blueprintsFor = key;
          return result;
        },
        lastProduced(mapping) {
          const last = state.lastCycle;
          const entities = last?.resources.reduce((n, r) => n + r.upserted + r.unchanged + r.failed, 0) ?? 0;
          if (!last || last.mappingHash !== mapping.hash || last.writer !== catalog) return Promise.resolve(null);
          if (last.segments.length > MAX_SEGMENTS_PER_EVENT || entities > MAX_ENTITIES_PER_EVENT) return Promise.resolve(null);
          return producedOnce(plugin.name, last.segments, readSegment);
        },
      };
    },
  };
}

/** Which catalog a cycle writes to: hashes of what was written are only meaningful there. */
function catalogId(rt: Runtime): string {
  return rt.port.status === "ok" ? `port:${rt.port.value.portApiUrl}|${rt.port.value.portClientId}` : "local";
}

/**
 * The Port writer for this invocation. Its token lives in the sync state, so every tick reuses the
 * one the previous tick obtained, and a refreshed token is saved with the tick's final write.
 * Without any Port credentials, the local catalog; with half of them, nothing (the missing one is
 * reported in /status rather than silently writing somewhere else).
 */
function openWriter(rt: Runtime, outbound: Outbound, sync: SyncState): CatalogWriter | null {
  if (rt.port.status === "absent") return createLocalCatalog(rt.state, rt.now);
  if (rt.port.status !== "ok") return null;
  return createPortWriter({
    // PORT_API_URL names the /v1 root as Port documents it; the writer adds /v1 to its paths.
    baseUrl: rt.port.value.portApiUrl.replace(/\/v1$/, ""),
    clientId: rt.port.value.portClientId,
    clientSecret: rt.port.value.portClientSecret,
    outbound,
    concurrency: rt.options.concurrency,
    rateLimitShare: rt.options.portRateLimitShare / 100,
    tokens: {
      get: async () => sync.token,
      set: async (token) => {
        sync.token = token;
      },
    },
  });
}
