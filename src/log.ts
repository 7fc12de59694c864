/** One JSON object per line, fit for Workers Logs and `wrangler tail`. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Replaces every known secret value in a string; applied to logs, stored errors and /status. */
export type Redact = (text: string) => string;

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\]+/gi;
/** Up to the last `@` before the path: a password may itself hold an `@`. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;
const QUERY_PARAM = /([?&])([^=&#]*)=([^&#]*)/g;
const CREDENTIAL_PARAM = /token|secret|passw|pwd|key|auth|sig|credential|session|code/i;

/** URLs in a text without user info or the values of query parameters that may be credentials. */
export function redactUrls(text: string): string {
  // Most lines name no URL: a plain search spares them the pattern's scan.
  if (!text.includes("://")) return text;
  return text.replace(URL_IN_TEXT, (url) =>
    url
      .replace(USER_INFO, "$1[redacted]@")
      .replace(QUERY_PARAM, (param, sep: string, name: string) => (CREDENTIAL_PARAM.test(name) ? `${sep}${name}=[redacted]` : param)),
  );
}

export function createRedactor(secrets: readonly string[]): Redact {
  const values = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => {
    // Every line of every request passes here, and a secret is almost never in it: look before cutting.
    let out = redactUrls(text);
    for (const secret of values) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    return out;
  };
}

export function createLogger(redact: Redact, base: Record<string, unknown> = {}): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    // The line's own level and event win over fields of the same name, which would hide them.
    const line = redact(JSON.stringify(Object.assign({ level, event }, base, fields, { level, event, time: new Date().toISOString() })));
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    info: (e, f) => write("info", e, f),
    warn: (e, f) => write("warn", e, f),
    error: (e, f) => write("error", e, f),
    child: (fields) => createLogger(redact, { ...base, ...fields }),
  };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
