/** Harbor's response conventions (`src/lib/http/error.go`, `src/lib/errors/const.go`). */

export class HarborError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HarborError(400, "BAD_REQUEST", message);
export const unauthorized = (message = "unauthorized") => new HarborError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "forbidden") => new HarborError(403, "FORBIDDEN", message);
export const notFound = (message: string) => new HarborError(404, "NOT_FOUND", message);
export const conflict = (message: string) => new HarborError(409, "CONFLICT", message);
export const precondition = (message: string) => new HarborError(412, "PRECONDITION", message);
/** go-openapi parameter validation, converted by Harbor to the status text as code. */
export const validation = (lines: string[]) =>
  new HarborError(422, "UNPROCESSABLE_ENTITY", `validation failure list:\n${lines.join("\n")}`);

const defaults: Record<number, [string, string]> = {
  400: ["BAD_REQUEST", "bad request"],
  401: ["UNAUTHORIZED", "unauthorized"],
  403: ["FORBIDDEN", "forbidden"],
  404: ["NOT_FOUND", "resource not found"],
  405: ["METHOD_NOT_ALLOWED", "method not allowed"],
  409: ["CONFLICT", "resource conflict"],
  412: ["PRECONDITION", "precondition failed"],
  413: ["REQUEST_ENTITY_TOO_LARGE", "request entity too large"],
  422: ["UNPROCESSABLE_ENTITY", "unprocessable entity"],
  429: ["TOO_MANY_REQUEST", "too many requests"],
};

/** The envelope for a bare status; Harbor never reveals details of a 5xx. */
export function envelopeFor(status: number) {
  const [code, message] = status >= 500 ? ["UNKNOWN", "internal server error"] : (defaults[status] ?? ["UNKNOWN", "unknown"]);
  return { errors: [{ code, message }] };
}

export function errorResponse(err: HarborError, requestId: string): Response {
  const body = err.status >= 500 ? envelopeFor(err.status) : { errors: [{ code: err.code, message: err.message }] };
  // Go's fmt.Fprintln adds the trailing newline.
  return new Response(JSON.stringify(body) + "\n", {
    status: err.status,
    headers: { "content-type": "application/json; charset=utf-8", "x-request-id": requestId },
  });
}

export function jsonResponse(data: unknown, requestId: string, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId, ...headers },
  });
}

export function emptyResponse(status: number, requestId: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { "x-request-id": requestId, ...headers } });
}

/** strfmt.DateTime: millisecond precision, `Z`. */
export function isoTime(ms: number): string {
  if (ms <= -62135596800000) return "0001-01-01T00:00:00.000Z";
  return new Date(ms).toISOString();
}
