/** One JSON object per line, fit for Workers Logs and `wrangler tail`. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Replaces every known secret value in a string; applied to logs, stored errors and /status. */
export type Redact = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redact {
  const values = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (t) => t;
  return (text) => values.reduce((acc, s) => acc.split(s).join("[redacted]"), text);
}

export function createLogger(redact: Redact, base: Record<string, unknown> = {}): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    const line = redact(JSON.stringify({ level, event, ...base, ...fields, time: new Date().toISOString() }));
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
