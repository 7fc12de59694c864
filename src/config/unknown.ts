import type { Env, SettingIssue, SettingsSpec } from "./settings.ts";

/** Every name a settings group is read under: each setting's own name and its aliases. */
export const settingNames = (specs: SettingsSpec): string[] =>
  Object.values(specs).flatMap((spec) => [spec.env, ...(spec.aliases ?? [])]);

/** Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`, or `limit + 1` once past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    if (Math.min(...row) > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * Settings that are not ours but look like one of ours: a typo that would otherwise only show up
 * as "X is required". Deno hands over the whole process environment, so a name is reported only
 * when it is within one edit of a known name (two for names of 10 characters or more), or differs
 * from one only in case.
 */
export function unknownSettings(env: Env, known: Iterable<string>): (SettingIssue & { suggestion: string })[] {
  const names = [...new Set(known)];
  const ours = new Set(names);
  const found: (SettingIssue & { suggestion: string })[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== "string" || ours.has(name)) continue;
    const limit = name.length >= 10 ? 2 : 1;
    let suggestion: string | undefined;
    let best = limit + 1;
    for (const candidate of names) {
      const d = distance(name.toUpperCase(), candidate, limit);
      if (d < best) [best, suggestion] = [d, candidate];
    }
    if (suggestion) found.push({ setting: name, suggestion, message: `${name}: unknown setting — did you mean ${suggestion}?` });
  }
  return found;
}
