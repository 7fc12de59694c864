import type { JqValue } from "./types.ts";

/** A run-time error as jq raises it; message is jq 1.7.1's text (what jq prints after "jq: error (at <unknown>): "), value is error/1's argument. */
export class JqRuntimeError extends Error {
  override name = "JqRuntimeError";
  readonly value: JqValue;
  constructor(message: string, value: JqValue = message) {
    // Mappings raise these per item (`.x | keys` on null) and catch them at once: a stack trace
    // would cost more than the rest of the item's mapping and is never read.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.value = value;
  }
}

/** Source jq itself refuses to compile; message says where. */
export class JqSyntaxError extends Error {
  override name = "JqSyntaxError";
}

/** Valid jq outside the compiled subset; `feature` names what is missing. The caller falls back to jq-web for this expression. */
export class JqUnsupportedError extends Error {
  override name = "JqUnsupportedError";
  constructor(readonly feature: string) {
    super(`not compiled natively: ${feature}`);
  }
}
