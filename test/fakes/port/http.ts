/** Port's JSON envelopes: `{ok:true,...}` on success, `{ok:false, error, message}` on failure. */
export class PortError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { ok: false, error: this.error, message: this.message, ...(this.details && { details: this.details }) };
  }
}

export const notFound = (message: string) => new PortError(404, "not_found", message);
export const invalidRequest = (message: string) => new PortError(422, "invalid_request", message);

export function ok(data: Record<string, unknown> = {}, status = 200): Response {
  return Response.json({ ok: true, ...data }, { status });
}

export function failure(err: PortError): Response {
  return Response.json(err.body(), { status: err.status });
}
