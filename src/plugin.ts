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

export interface PluginDefaults {
  /** The default port-app-config.yml (text), from mappings/<plugin>/. */
  portAppConfig: string;
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

export interface WebhookContext<S> extends PluginContext<S> {
  /**
   * The selectors of the mapping in force for a kind (one per resource), so a webhook can apply the
   * same typed filters as the resync; an item none of them admits should be deleted, not upserted.
   */
  selectors(kind: string): Record<string, unknown>[];
}

export interface ListArgs<S> extends PluginContext<S> {
  kind: string;
  /** The resource's selector from port-app-config.yml (query and plugin-specific filters). */
  selector: Record<string, unknown>;
  /** Where the previous page of this kind ended, or null at the start of the kind. */
  cursor: Json;
}

export interface Page {
  items: unknown[];
  /** Cursor of the next page; null when this kind is complete. */
  next: Json;
  /**
   * Scopes (see `scopeOf`) this page could not read, e.g. a repository whose file read failed. The
   * kind still completes, but what those scopes produced last cycle is kept, never deleted.
   */
  failedScopes?: { scope: string; message: string }[];
  /** Problems beside the listing (e.g. a webhook that could not be registered): shown in /status, nothing is held back. */
  warnings?: { item?: string; message: string }[];
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
  /** Authenticate and validate before anything else happens; must never write. */
  /** `body` is the request body as text; `raw` its exact bytes, for signatures over the raw body. */
  accept(request: Request, body: string, settings: S, raw: Uint8Array): Promise<WebhookDecision>;
  /** Runs after the response was sent, maybe in another invocation: re-reads the source and returns what to write. */
  apply(event: Json, ctx: WebhookContext<S>): Promise<RawChanges>;
}

/** A resource's selector that its kind's schema refuses: the kind fails, naming the field. */
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

/** Thrown by listPage when the credentials cannot read a kind at all (e.g. Harbor /users without admin). */
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
  kinds: readonly string[];
  /** Items per page the plugin asks for; the engine sizes its budget checks with it. */
  pageSize: number;
  listPage(args: ListArgs<SettingsOf<S>>): Promise<Page>;
  defaults: PluginDefaults;
  webhook?: WebhookHandler<SettingsOf<S>>;
  /**
   * The part of the source an item came from (e.g. a repository's stable id), so a failure to read
   * one scope protects only that scope's entities from deletion instead of the whole kind.
   */
  scopeOf?(kind: string, item: unknown): string | null;
  /** Where an item comes from, as users know it (e.g. `PLAT/web: port.yaml`), for conflict reports. */
  describe?(kind: string, item: unknown): string;
  /** Extra work at the start of a cycle (e.g. registering webhooks); failures are recorded, not fatal. */
  onCycleStart?(ctx: PluginContext<SettingsOf<S>>): Promise<void>;
}

/** Keeps the settings type flowing from the spec into listPage and the webhook handler. */
export function definePlugin<S extends SettingsSpec>(plugin: SourcePlugin<S>): SourcePlugin<S> {
  return plugin;
}

export type AnyPlugin = SourcePlugin<any>;
