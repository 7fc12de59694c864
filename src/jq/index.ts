// A jq 1.7.1 compiler to JavaScript closures; no dependency on the rest of portside.
export type { JqValue, JqProgram } from "./types.ts";
export { JqRuntimeError, JqSyntaxError, JqUnsupportedError } from "./errors.ts";
export { compileJq, isSupported } from "./compile.ts";
