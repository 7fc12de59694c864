const numbers = new Intl.NumberFormat("en-US");

export const count = (n: number) => numbers.format(n);

export const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;

/** `2026-11-22 01:45:42 UTC`: the same on every reader's screen, whatever their zone. */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `3 min ago`, `in 12 min`: relative to the moment the page was rendered. */
export function relative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  if (Number.isNaN(delta)) return iso;
  const text = duration(Math.abs(delta)).replace(/ \d+ (s|min)$/, "");
  if (Math.abs(delta) < 1000) return "just now";
  return delta < 0 ? `${text} ago` : `in ${text}`;
}
