import type { HttpError } from "../runtime/http.ts";
import type { DeleteResult, UpsertResult } from "./types.ts";

/**
 * Port could not be reached or kept failing after all retries (429, 5xx, network). Nothing is
 * known about the entities that were not reported, so the caller must not advance its cursor;
 * `partial` lists what did complete before the failure.
 */
export class TransientWriteError extends Error {
  override name = "TransientWriteError";
  constructor(
    readonly httpError: HttpError,
    readonly partial: UpsertResult | DeleteResult,
  ) {
    super(`Port write failed transiently: ${httpError.message}`);
  }
}

/** Port answered with a body the writer cannot interpret; retrying would not help. */
export class PortResponseError extends Error {
  override name = "PortResponseError";
}
