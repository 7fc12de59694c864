import { JqUnsupportedError } from "../errors.ts";
import type { Code } from "../runtime.ts";
import { CORE } from "./core.ts";
import { DATES } from "./dates.ts";
import { jqDefined } from "./defs.ts";
import { REGEX } from "./regex.ts";
import { STRINGS } from "./strings.ts";

/** A builtin compiles its argument filters into the call's code. */
export type Native = (args: Code[]) => Code;

const NATIVES: Record<string, Native> = { ...CORE, ...STRINGS, ...REGEX, ...DATES };

/** jq 1.7.1 builtins left to jq-web: they read the process, the input stream or the module system. */
const UNSUPPORTED = new Set([
  "env/0", "input/0", "inputs/0", "debug/0", "debug/1", "stderr/0", "input_filename/0", "input_line_number/0",
  "halt/0", "halt_error/0", "halt_error/1", "get_search_list/0", "get_prog_origin/0", "get_jq_origin/0",
  "modulemeta/0", "builtins/0", "localtime/0", "strflocaltime/1",
  "tostream/0", "fromstream/1", "truncate_stream/1", "gamma/0", "lgamma/0", "tgamma/0", "lgamma_r/0",
  "frexp/0", "modf/0", "j0/0", "j1/0", "y0/0", "y1/0", "jn/2", "yn/2", "significand/0", "drem/2", "ldexp/2", "scalb/2",
  "scalbln/2", "nearbyint/0", "logb/0", "nexttoward/2", "nextafter/2", "fma/3", "erf/0", "erfc/0", "expm1/0", "log1p/0",
  "format/1", "bsearch/1",
  // libm's transcendental functions may differ from V8's in the last bit: exact ones stay native.
  "exp10/0", "pow10/0", "cbrt/0", "exp/0", "exp2/0", "log/0", "log2/0", "log10/0", "sin/0", "cos/0", "tan/0", "asin/0",
  "acos/0", "atan/0", "sinh/0", "cosh/0", "tanh/0", "asinh/0", "acosh/0", "atanh/0", "pow/2", "atan2/2", "hypot/2",
]);

export function lookupBuiltin(name: string, arity: number): Native | undefined {
  const key = `${name}/${arity}`;
  if (UNSUPPORTED.has(key)) throw new JqUnsupportedError(key);
  return NATIVES[key] ?? jqDefined(key);
}
