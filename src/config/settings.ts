import * as v from "valibot";

/**
 * One environment setting: its name, the older names it may also be given under (Ocean's, so users
 * keep their secrets when they move over), and a valibot schema from the raw string to its value.
 */
export interface SettingSpec<T = unknown> {
  env: string;
  aliases?: readonly string[];
  required?: boolean;
  secret?: boolean;
  default?: string;
  description: string;
  schema: v.GenericSchema<string, T>;
}

export type SettingsSpec = Record<string, SettingSpec<any>>;

export type SettingsOf<S extends SettingsSpec> = {
  [K in keyof S]: S[K] extends SettingSpec<infer T>
    ? S[K]["required"] extends true
      ? T
      : S[K]["default"] extends string
        ? T
        : T | undefined
    : never;
};

export interface SettingIssue {
  setting: string;
  message: string;
}

export type SettingsResult<S extends SettingsSpec> =
  | { status: "ok"; value: SettingsOf<S>; secrets: string[] }
  | { status: "absent" }
  /** `valid` holds the settings that did parse, for groups whose members stand alone. */
  | { status: "invalid"; issues: SettingIssue[]; valid: Partial<SettingsOf<S>>; secrets: string[] };

export type Env = Record<string, unknown>;

function lookup(spec: SettingSpec, env: Env): { name: string; raw: string } | undefined {
  for (const name of [spec.env, ...(spec.aliases ?? [])]) {
    const raw = env[name];
    // As given: each schema trims what may be padded (a pasted secret), numbers must be exact.
    if (typeof raw === "string" && raw.trim() !== "") return { name, raw };
  }
  return undefined;
}

/**
 * Read a group of settings. "absent" when none of the required ones is given (the feature is simply
 * not configured); "invalid" names every missing or malformed setting; values never appear in issues.
 */
export function readSettings<S extends SettingsSpec>(specs: S, env: Env): SettingsResult<S> {
  const entries = Object.entries(specs);
  const required = entries.filter(([, s]) => s.required);
  if (required.length > 0 && required.every(([, s]) => !lookup(s, env))) return { status: "absent" };

  const issues: SettingIssue[] = [];
  const value: Record<string, unknown> = {};
  const secrets: string[] = [];
  for (const [key, spec] of entries) {
    const found = lookup(spec, env);
    const raw = found?.raw ?? spec.default;
    if (raw === undefined) {
      if (spec.required) issues.push({ setting: spec.env, message: `${spec.env} is required (${spec.description})` });
      continue;
    }
    const parsed = v.safeParse(spec.schema, raw);
    if (!parsed.success) {
      const name = found?.name ?? spec.env;
      const reasons = [...new Set(parsed.issues.map((i) => i.message))].join("; ");
      issues.push({ setting: name, message: `${name} is invalid: ${reasons || "bad value"}` });
      continue;
    }
    value[key] = parsed.output;
    if (spec.secret) secrets.push(raw.trim());
  }
  return issues.length > 0
    ? { status: "invalid", issues, valid: value as Partial<SettingsOf<S>>, secrets }
    : { status: "ok", value: value as SettingsOf<S>, secrets };
}

const parseUrl = (s: string): URL | undefined => {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
};

/**
 * A server's base URL. Credentials never ride in it (they would reach logs and error messages
 * through every request URL), nor a query a base URL cannot keep; only http(s) is fetched.
 */
export const urlSetting = v.pipe(
  v.string(),
  v.trim(),
  v.url("must be an absolute URL such as https://host.example.com"),
  v.check((s) => !parseUrl(s) || /^https?:$/.test(parseUrl(s)!.protocol), "must be an http:// or https:// URL"),
  v.check((s) => !parseUrl(s)?.username && !parseUrl(s)?.password, "must not carry credentials (user info before @): set them in their own settings"),
  v.check((s) => !parseUrl(s)?.search && !parseUrl(s)?.hash && !/[?#]/.test(s), "must not have a query string (?…) or fragment (#…)"),
  v.transform((s) => s.replace(/\/+$/, "")),
);

/** Decimal digits only: `Number()` would also read `0x20`, `1e2`, `32.5` and ` 32 ` as numbers. */
export const positiveInt = (min = 1, max?: { value: number; why: string }) =>
  v.pipe(
    v.string(),
    v.regex(/^[0-9]+$/, "must be a whole number in decimal digits, such as 45"),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max?.value ?? Number.MAX_SAFE_INTEGER, max ? `must be at most ${max.value} (${max.why})` : "is too large"),
  );

export const text = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));
