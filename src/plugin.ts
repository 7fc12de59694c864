import * as v from "valibot";
import type { SettingIssue, SettingsOf, SettingsSpec } from "./config/settings.ts";
import type { Http, HttpOptions } from "./runtime/http.ts";
import type { Logger } from "./log.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A Port blueprint as a plugin ships it by default (POST /v1/blueprints body). */
export interface Blueprint {
  identifier: string;
  title?: string;
  icon?: string;
  schema: { properties: Record<string, unknown>; required?: string[] };
  relations?: Record<string, { title?: string; target: string; required?: boolean; many?: boolean }>;
  [key: string]: unknown;
}

/** What a plugin ships beside its code, in its own folder (`defaults/`, as Ocean's `.port/resources/`). */
export interface PluginDefaults {
  /** The default port-app-config.yml (text). */
  portAppConfig: string;
  /** Where that text lives, as users find it (e.g. `plugins/<name>/defaults/port-app-config.yml`): named in errors and /status. */
  portAppConfigFile: string;
  blueprints: Blueprint[];
}

/** What a plugin gets for every call: its settings, HTTP that counts against the tick's budget, a log. */
export interface PluginContext<S> {
  settings: S;
  http(options: Omit<HttpOptions, "outbound" | "secrets">): Http;
  log: Logger;
  /** Lives for one tick or one webhook; for lookups a plugin repeats within it (projects, repositories). */
  cache: Map<string, unknown>;
}

/** Something a plugin keeps for one tick or one webhook (a client and its concurrency cap), made on first use. */
export function perInvocation<T>(cache: Map<string, unknown>, key: string, create: () => T): T {
  if (!cache.has(key)) cache.set(key, create());
  return cache.get(key) as T;
}

export interface WebhookContext<S, K extends Kinds<S> = Kinds<S>> extends PluginContext<S> {
  /**
   * The selectors of the mapping in force for a kind (one per resource), parsed with the kind's
   * schema, so a webhook applies the same typed filters as the resync; an item none of them admits
   * should be deleted, not upserted.
   */
  selectors<N extends keyof K & string>(kind: N): SelectorOf<K[N]>[];
}

export interface ListArgs<S, Selector = unknown, Cursor = Json> extends PluginContext<S> {
  kind: string;
  /** The resource's selector from port-app-config.yml (query and the kind's own filters), parsed with the kind's schema. */
  selector: Selector;
  /** Where the previous page of this kind ended, parsed with the kind's cursor schema; null at the start of the kind. */
  cursor: Cursor | null;
  /**
   * The most items this page should hold: the plugin's `pageSize`, or fewer when a tick's CPU budget
   * (RESYNC_CPU_BUDGET_MS) has room for fewer. Ask the source for no more (Harbor's `page_size`, the
   * reads of a Bitbucket page); a listing that cannot split what it reads may return more. The same
   * for every page under the same settings, so pages line up with the last cycle's.
   */
  limit: number;
}

/**
 * One page of a listing. What a lister's outcomes mean to the engine:
 * - a page: its items are mapped and written, then the cursor moves to `next`; the kind is complete
 *   once `next` is null, and only a kind whose every page came back complete may delete entities;
 * - `failedScopes` on a page: the kind completes, but what those scopes produced last cycle is kept;
 * - a thrown `KindUnavailableError`: the credentials cannot read the kind at all; it is marked
 *   unavailable for this cycle, nothing of it is deleted, and /status says what permission is missing;
 * - any other error after the HTTP client's retries: the kind is marked failed for this cycle (so
 *   nothing of it is deleted) and the cycle goes on with the next kind;
 * - a pause (the tick's request budget or time spent, a rate limit outlasting the retries, see
 *   `isListingPause`): nothing is wrong; the plugin stops for this tick and the same page is asked
 *   for again, from the same cursor, on the next one.
 */
export interface Page {
  items: unknown[];
  /** Cursor of the next page; null when this kind is complete. */
  next: Json;
  /**
   * Scopes (see `scopeOf`) this page could not read, e.g. a repository whose file read failed. The
   * kind still completes, but what those scopes produced last cycle is kept, never deleted.
   */
  failedScopes?: { scope: string; message: string }[];
  /**
   * Problems beside the listing, shown in /status; nothing is held back. E.g. a webhook that could
   * not be registered: sources that need one per project or repository register them while listing
   * those, a page's worth at a time, since all of them at once would not fit one tick's requests.
   */
  warnings?: { item?: string; message: string }[];
}

/**
 * A kind of item a plugin lists. Its selector schema is checked when a mapping is compiled, so a
 * resource whose selector it refuses refuses the whole mapping (and the last good one stays in
 * force); a stored cursor its cursor schema refuses fails the kind.
 */
export interface Kind<S = any, Selector extends v.GenericSchema = v.GenericSchema, Cursor extends v.GenericSchema = v.GenericSchema, Ref = never> {
  /** The resource's `selector` (beside `query`, which the engine applies); a loose object, so other keys pass. */
  selector: Selector;
  /** What the lister returns as `next` and gets back as `cursor` on the next page. */
  cursor: Cursor;
  list(args: ListArgs<S, v.InferOutput<Selector>, v.InferOutput<Cursor>>): Promise<Page>;
  /**
   * One item read back by what a webhook names (`ref`), for kinds whose webhooks re-read: shaped
   * exactly as the lister lists it, so the same mapping gives the same entity whichever way it
   * came; undefined when the source says it is gone. Beside the lister, so a change to how the kind
   * is read or shaped cannot miss the webhook path; filtering by the mapping's selectors stays with
   * the webhook, which knows what the event changed.
   */
  read?(ctx: PluginContext<S>, ref: Ref): Promise<unknown>;
}

/**
 * A kind with a webhook re-read, so a handler calls `kinds.<kind>.read(...)` without checking for
 * it and gets the item's type the re-read declares.
 */
export type ReadableKind<S, Selector extends v.GenericSchema, Cursor extends v.GenericSchema, Ref, Item> = Omit<Kind<S, Selector, Cursor, Ref>, "read"> & {
  read(ctx: PluginContext<S>, ref: Ref): Promise<Item | undefined>;
};

/** A plugin's kinds in sync order: targets of relations come before the entities that point at them. */
export type Kinds<S = any> = Record<string, Kind<S, any, any, any>>;

/** The parsed selector of a kind. */
export type SelectorOf<K> = K extends Kind<any, infer Selector, any, any> ? v.InferOutput<Selector> : never;

/** A selector schema for a kind with no filters of its own. */
export const NoSelector = v.looseObject({});

/** Keeps the selector, cursor and ref types flowing from their schemas into the lister and the re-read. */
export function defineKind<S, Selector extends v.GenericSchema, Cursor extends v.GenericSchema, Ref, Item>(
  kind: ReadableKind<S, Selector, Cursor, Ref, Item>,
): ReadableKind<S, Selector, Cursor, Ref, Item>;
export function defineKind<S, Selector extends v.GenericSchema, Cursor extends v.GenericSchema>(kind: Kind<S, Selector, Cursor>): Kind<S, Selector, Cursor>;
export function defineKind(kind: Kind) {
  return kind;
}

/** Raw source items a webhook asks to upsert or delete, mapped with the same port-app-config. */
export interface RawChanges {
  upserts: { kind: string; items: unknown[] }[];
  deletes: { kind: string; items: unknown[] }[];
}

export type WebhookDecision =
  | { action: "reject"; status: 400 | 401 | 403 | 413 | 415 | 503; message: string }
  | { action: "ignore"; message: string }
  | {
      action: "apply";
      message: string;
      /** A stable key for the event, so duplicate deliveries can be recognised. */
      key?: string;
      /**
       * What `apply` needs, as plain JSON (never a secret): it may wait on a queue and be applied
       * by another invocation, or again from the dead letters.
       */
      event: Json;
    };

export interface WebhookHandler<S> {
  /** The setting holding the shared secret; while it is unset every delivery is refused, and /status warns. */
  secretSetting?: keyof S & string;
  /**
   * Paths it answers besides `/webhooks/<plugin>`, e.g. the one an incumbent integration's
   * documentation points the source at, so existing webhooks keep working.
   */
  paths?: readonly string[];
  /** Authenticate and validate before anything else happens; must never write. */
  /** `body` is the request body as text; `raw` its exact bytes, for signatures over the raw body. */
  accept(request: Request, body: string, settings: S, raw: Uint8Array): Promise<WebhookDecision>;
  /** Runs after the response was sent, maybe in another invocation: re-reads the source and returns what to write. */
  apply(event: Json, ctx: WebhookContext<S>): Promise<RawChanges>;
}

/** A resource's selector that its kind's schema refuses, naming the field. */
export class SelectorError extends Error {
  override name = "SelectorError";
}

/** A kind's typed selector, validated with the plugin's valibot schema. */
export function parseSelector<S extends v.GenericSchema>(schema: S, kind: string, selector: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, selector);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0]!;
  const path = v.getDotPath(issue);
  throw new SelectorError(`selector${path ? `.${path}` : ""} of kind ${kind}: ${issue.message}`);
}

/** Thrown by a lister when the credentials cannot read a kind at all (e.g. a user listing that needs an admin). */
export class KindUnavailableError extends Error {
  override name = "KindUnavailableError";
}

export interface SourcePlugin<S extends SettingsSpec = SettingsSpec> {
  name: string;
  /** How Port should see the writer: "exporter" for APIs, "gitops" for files in repositories. */
  datasource: "exporter" | "gitops";
  settings: S;
  /**
   * Rules across settings that one setting's schema cannot see (e.g. a token or a username and
   * password); issues make the plugin "invalid" and name the missing settings.
   */
  checkSettings?(settings: SettingsOf<S>): SettingIssue[];
  /** Kinds in sync order: targets of relations come before the entities that point at them. */
  kinds: Kinds<SettingsOf<S>>;
  /** Items per page the plugin asks for at most (`ListArgs.limit` may ask fewer); the engine sizes its budget checks with it. */
  pageSize: number;
  defaults: PluginDefaults;
  webhook?: WebhookHandler<SettingsOf<S>>;
  /**
   * The part of the source an item came from (e.g. a repository's stable id), so a failure to read
   * one scope protects only that scope's entities from deletion instead of the whole kind.
   */
  scopeOf?(kind: string, item: unknown): string | null;
  /** Where an item comes from, as users know it (e.g. `PLAT/web: port.yaml`), for conflict reports. */
  describe?(kind: string, item: unknown): string;
}

/** Keeps the settings type flowing from the spec into the listers and the webhook handler. */
export function definePlugin<S extends SettingsSpec>(plugin: SourcePlugin<S>): SourcePlugin<S> {
  return plugin;
}

export type AnyPlugin = SourcePlugin<any>;
