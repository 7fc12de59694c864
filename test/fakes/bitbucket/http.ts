/** Bitbucket's response conventions: JSON with an explicit charset, errors in `{errors:[…]}`. */
export const JSON_TYPE = "application/json;charset=UTF-8";

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": JSON_TYPE, ...headers } });
}

export const noContent = () => new Response(null, { status: 204 });

export const EXCEPTIONS = {
  noSuchPath: "com.atlassian.bitbucket.content.NoSuchPathException",
  noSuchCommit: "com.atlassian.bitbucket.commit.NoSuchCommitException",
  noSuchRepository: "com.atlassian.bitbucket.repository.NoSuchRepositoryException",
  noSuchProject: "com.atlassian.bitbucket.project.NoSuchProjectException",
  noSuchEntity: "com.sun.jersey.api.NotFoundException",
  authorisation: "com.atlassian.bitbucket.AuthorisationException",
  badCredentials: "com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException",
  validation: "com.atlassian.bitbucket.validation.ArgumentValidationException",
  // Unverified names (notes §5): real servers may differ; clients must decide on status alone.
  noSuchWebhook: "com.atlassian.webhooks.NoSuchWebhookException",
  methodNotAllowed: "javax.ws.rs.WebApplicationException",
  rateLimited: "com.atlassian.bitbucket.throttle.RateLimitedException",
  busy: "com.atlassian.bitbucket.scm.ResourceBusyException",
  internal: "java.lang.IllegalStateException",
} as const;

export interface ErrorMessage {
  context: string | null;
  message: string;
  exceptionName: string;
}

export function errorBody(message: string, exceptionName: string, context: string | null = null) {
  return { errors: [{ context, message, exceptionName } satisfies ErrorMessage] };
}

export function error(
  status: number,
  message: string,
  exceptionName: string,
  context: string | null = null,
  headers: Record<string, string> = {},
): Response {
  return json(errorBody(message, exceptionName, context), status, headers);
}

/** An error a handler throws to end the request with a Bitbucket-shaped failure. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export const fail = (...args: Parameters<typeof error>): never => {
  throw new HttpError(error(...args));
};

export const notPermitted = (): never =>
  fail(401, "You are not permitted to access this resource", EXCEPTIONS.authorisation);

/** Bodies of injected faults, in the same envelope as real failures. */
export function faultBody(status: number) {
  if (status === 429)
    return errorBody("You have been rate limited. Please wait a moment and try again.", EXCEPTIONS.rateLimited);
  if (status === 503)
    return errorBody("The server is too busy to serve this request; try again later.", EXCEPTIONS.busy);
  if (status === 401) return errorBody("You are not permitted to access this resource", EXCEPTIONS.authorisation);
  if (status === 404) return errorBody("The requested resource does not exist.", EXCEPTIONS.noSuchEntity);
  return errorBody("An unexpected error occurred. Please consult the server logs.", EXCEPTIONS.internal);
}
