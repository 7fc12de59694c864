import type { JqValue } from "./types.ts";

/** A run-time error as jq raises it; message is jq 1.7.1's text (what jq prints after "jq: error (at <unknown>): "), value is error/1's argument. */
export class JqRuntimeError extends Error {
  override name = "JqRuntimeError";
  constructor(
    message: string,
    readonly value: JqValue = message,
  ) {
    super(message);
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
