import type { DeadLetters } from "../queue/dead-letters.ts";
import type { CycleState, CycleSummary, RecordedError, TickReport } from "../sync/types.ts";

/** Webhook counters of one plugin, rendered when /status carries them. */
export interface WebhookCounts {
  received: number;
  applied: number;
  failed: number;
  rejected?: number;
  ignored?: number;
  lastAt: string | null;
  /** Events whose changes could not be applied; the next cycle repairs them. */
  failures?: { at: string; event: string; message: string }[];
}

/** How a resource's expressions run: compiled to JavaScript, or on jq-web for a feature the compiler lacks. */
export interface MappingResourceView {
  index: number;
  kind: string;
  compiled: number;
  fallback: { field: string; expression: string; feature: string }[];
}

/**
 * What the status page reads of buildStatus's document. Declared here so the page states its
 * needs: a change to /status that drops one of these fails the type check at the route.
 */
export interface PluginView {
  enabled: boolean;
  settings: { status: string; issues?: { setting: string; message: string }[] };
  /** Valid settings that still leave part of the plugin off (e.g. no webhook secret). */
  warnings?: string[];
  kinds: readonly string[];
  mapping: {
    source: string;
    origin: string;
    hash: string | null;
    refused?: unknown;
    error?: unknown;
    resources?: MappingResourceView[] | null;
  } | null;
  cycle: CycleState | null;
  lastCycle: CycleSummary | null;
  nextCycleAt: string | null;
  errors: RecordedError[];
  webhooks?: WebhookCounts | null;
}

export interface StatusView {
  version: string;
  instance: string;
  port: { configured: boolean; apiUrl: string | null; writesTo: string };
  settings: { issues: { setting: string; message: string }[] };
  lastTick: TickReport | null;
  queue?: { bound: boolean; webhooks: string; lease: string };
  deadLetters?: DeadLetters;
  plugins: Record<string, PluginView>;
}
