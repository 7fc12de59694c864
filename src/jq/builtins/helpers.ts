import { code, mapped, paired, single, type Code } from "../runtime.ts";
import type { JqValue } from "../types.ts";
import type { Native } from "./index.ts";

/** A builtin of `.` alone, one output. */
export const fn0 =
  (f: (input: JqValue) => JqValue): Native =>
  () =>
    single(code((input, _env, k) => k(f(input))), f);

/** A builtin whose arguments are values: every combination, the last argument in the outer loop (as jq's C functions). */
export const fnV =
  (f: (input: JqValue, ...args: JqValue[]) => JqValue): Native =>
  (args: Code[]) => {
    if (args.length === 1) return mapped(args[0]!, f);
    if (args.length === 2) return paired(args[0]!, args[1]!, f);
    const [a, b, c] = args as [Code, Code, Code];
    return code((input, env, k) => c.v(input, env, (z) => b.v(input, env, (y) => a.v(input, env, (x) => k(f(input, x, y, z))))));
  };

/** Every output of `c` on `input`, collected. */
export function collect(c: Code, input: JqValue, env: Parameters<Code["v"]>[1]): JqValue[] {
  const out: JqValue[] = [];
  c.v(input, env, (x) => {
    out.push(x);
    return false;
  });
  return out;
}
