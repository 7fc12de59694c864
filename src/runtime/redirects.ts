/**
 * Redirects are followed by hand: fetch's own following would re-send a request, its body (Port's
 * client secret) included, to whatever host a server names, and would trust what that host
 * answers as if the configured server had said it. Only redirects within the origin the request
 * was made to are followed, and only a few; any other 3xx is handed back for the caller to fail.
 */

export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const isRedirect = (status: number) => status >= 300 && status < 400;

/** Where a redirect points, or undefined when it names nothing usable. */
export function redirectTarget(response: Response, from: string | URL): URL | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

/** `fetch` that follows at most `max` same-origin redirects and returns any other 3xx as it came. */
export function sameOriginFetch(inner: typeof fetch, max = MAX_REDIRECTS): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (input instanceof Request) throw new TypeError("sameOriginFetch takes a URL and init, not a Request");
    // Parsed only when a redirect is to be judged: every other answer needs no URL but fetch's own.
    let url: string | URL = input;
    let request: RequestInit = { ...init, redirect: "manual" };
    for (let hops = 0; ; hops++) {
      const response = await inner(url, request);
      if (!REDIRECT_STATUSES.has(response.status) || hops >= max) return response;
      const from = new URL(url);
      const target = redirectTarget(response, from);
      if (!target || target.origin !== from.origin) return response;
      await response.body?.cancel();
      // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
      const method = (request.method ?? "GET").toUpperCase();
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        const headers = new Headers(request.headers);
        headers.delete("content-type");
        request = { ...request, method: method === "HEAD" ? "HEAD" : "GET", body: undefined, headers };
      }
      url = target;
    }
  }) as typeof fetch;
}
