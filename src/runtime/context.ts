import type { Storage } from "unstorage";
import { coreSettings, runtimeSettings } from "../config/core.ts";
import { mappingSettingName } from "../config/mapping.ts";
import { readSettings, type Env, type SettingIssue, type SettingsOf, type SettingsResult } from "../config/settings.ts";
import { settingNames, unknownSettings } from "../config/unknown.ts";
import { createLogger, createRedactor, type Logger, type Redact } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { WorkQueue } from "../queue/messages.ts";
import { createStateStore, type StateStore } from "../state/store.ts";
import type { LeaseStore } from "../sync/lease.ts";

/** What a runtime adapter (Workers, Deno, tests) provides; everything else is derived from env. */
export interface RuntimeDeps {
  storage(env: Env): Storage;
  now?: () => number;
  fetch?: typeof fetch;
  /** Settings the adapter itself reads (e.g. Deno's listen address), so they are not taken for typos. */
  settingNames?: readonly string[];
  /** A strongly consistent tick lease (a Durable Object, Deno KV); without one, the best-effort KV lease. */
  lease?(env: Env, instance: string): LeaseStore | null;
  /** The platform's queue when one is bound: continuation ticks and durable webhooks. */
  queue?(env: Env): WorkQueue | null;
}

export interface LoadedPlugin {
  plugin: AnyPlugin;
  settings: SettingsResult<any>;
  enabled: boolean;
}

export interface Runtime {
  env: Env;
  port: SettingsResult<typeof coreSettings>;
  options: SettingsOf<typeof runtimeSettings>;
  /** Problems with core settings, and unknown settings that look like known ones; plugins keep their own. */
  settingIssues: SettingIssue[];
  plugins: LoadedPlugin[];
  state: StateStore;
  log: Logger;
  redact: Redact;
  now: () => number;
  fetch: typeof fetch;
  lease: LeaseStore | null;
  queue: WorkQueue | null;
}

const runtimeDefaults = readSettings(runtimeSettings, {});

/**
 * Problem sets already logged by this isolate: the runtime is built per request, and the same
 * broken setting logged on every one of them buries everything else in the log.
 */
const logged = new Set<string>();
const MAX_LOGGED = 100;

function firstSighting(problems: string): boolean {
  if (logged.has(problems)) return false;
  if (logged.size >= MAX_LOGGED) logged.clear();
  logged.add(problems);
  return true;
}

/** What createRuntime derives from the settings alone: the same for every request with the same env. */
type ReadSettings = Pick<Runtime, "port" | "options" | "settingIssues" | "plugins" | "log" | "redact">;

/**
 * Settings read by this isolate, per plugin list and by the env's names and values: an isolate
 * serves many requests with the same env, and a deploy with other settings starts with other values.
 */
const read = new WeakMap<readonly AnyPlugin[], Map<string, ReadSettings>>();
const MAX_READ = 100;

function settingsKey(env: Env, deps: RuntimeDeps): string {
  // Bindings (KV, queues) are objects: their names matter (an unknown name is reported), not their identity.
  const entries = Object.keys(env)
    .sort()
    .map((name) => {
      const value = (env as Record<string, unknown>)[name];
      return [name, value === null || typeof value !== "object" ? value : "object"];
    });
  return JSON.stringify([entries, deps.settingNames ?? []]);
}

/**
 * Built per invocation (Workers hand env to each request) from settings read once per isolate and
 * env. Invalid settings never throw; they are reported by name in the log and /status.
 */
export function createRuntime(env: Env, plugins: readonly AnyPlugin[], deps: RuntimeDeps): Runtime {
  const byEnv = read.get(plugins) ?? new Map<string, ReadSettings>();
  read.set(plugins, byEnv);
  const key = settingsKey(env, deps);
  let settings = byEnv.get(key);
  if (!settings) {
    if (byEnv.size >= MAX_READ) byEnv.clear();
    settings = readAll(env, plugins, deps);
    byEnv.set(key, settings);
  }
  return {
    env,
    ...settings,
    state: createStateStore(deps.storage(env), settings.options.instance),
    now: deps.now ?? Date.now,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    lease: deps.lease?.(env, settings.options.instance) ?? null,
    queue: deps.queue?.(env) ?? null,
  };
}

function readAll(env: Env, plugins: readonly AnyPlugin[], deps: RuntimeDeps): ReadSettings {
  const port = readSettings(coreSettings, env);
  const runtime = readSettings(runtimeSettings, env);
  const settingIssues: SettingIssue[] = [];
  if (port.status === "invalid") settingIssues.push(...port.issues);
  if (runtime.status === "invalid") settingIssues.push(...runtime.issues);
  // An invalid runtime setting falls back to its default alone: a typo in the budget must never
  // drop ADMIN_TOKEN (opening /status) or PORTSIDE_INSTANCE (orphaning what this deployment owns).
  const options = {
    ...(runtimeDefaults.status === "ok" ? runtimeDefaults.value : {}),
    ...(runtime.status === "ok" ? runtime.value : runtime.status === "invalid" ? runtime.valid : {}),
  } as SettingsOf<typeof runtimeSettings>;

  const unknown = unknownSettings(env, [
    ...settingNames(coreSettings),
    ...settingNames(runtimeSettings),
    ...plugins.flatMap((plugin) => [...settingNames(plugin.settings), mappingSettingName(plugin.name)]),
    ...(deps.settingNames ?? []),
  ]);
  // "X_PASSWORD is required" alone hides that it was given, misspelt.
  const withHint = (issue: SettingIssue): SettingIssue => {
    const typo = unknown.find((u) => u.suggestion === issue.setting);
    return typo ? { ...issue, message: `${issue.message}; ${typo.message}` } : issue;
  };

  const loaded = plugins.map((plugin) => {
    let settings = readSettings(plugin.settings, env);
    const issues = settings.status === "ok" ? (plugin.checkSettings?.(settings.value) ?? []) : [];
    if (issues.length > 0 && settings.status === "ok") {
      settings = { status: "invalid", issues, valid: settings.value, secrets: settings.secrets };
    }
    if (settings.status === "invalid") settings = { ...settings, issues: settings.issues.map(withHint) };
    return { plugin, settings, enabled: settings.status === "ok" };
  });
  const secretsOf = (r: SettingsResult<any>) => (r.status === "absent" ? [] : r.secrets);
  // Secrets of half-valid groups are redacted too: a valid password beside a typo'd URL is still secret.
  const secrets = [...secretsOf(port), ...secretsOf(runtime), ...loaded.flatMap((p) => secretsOf(p.settings))];
  const redact = createRedactor(secrets);
  const log = createLogger(redact, { instance: options.instance });
  const problems = [
    ...settingIssues.map((issue) => ({ setting: issue.setting, message: issue.message })),
    ...loaded.flatMap((p) =>
      p.settings.status === "invalid" ? p.settings.issues.map((issue) => ({ plugin: p.plugin.name, setting: issue.setting, message: issue.message })) : [],
    ),
  ];
  const hints = unknown.map((issue) => ({ setting: issue.setting, suggestion: issue.suggestion, message: issue.message }));
  if ((problems.length > 0 || hints.length > 0) && firstSighting(JSON.stringify([options.instance, problems, hints]))) {
    for (const problem of problems) log.error("settings.invalid", problem);
    for (const hint of hints) log.warn("settings.unknown", hint);
  }
  return {
    port,
    options,
    settingIssues: [...settingIssues, ...unknown.map(({ setting, message }) => ({ setting, message }))],
    plugins: loaded,
    log,
    redact,
  };
}
