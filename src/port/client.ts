import { HttpError, type Http, type HttpRequest, type HttpResponse } from "../runtime/http.ts";
import type { TokenSource } from "./token.ts";

export interface PortRequest extends HttpRequest {
  /** Port records the User-Agent of a write as the entity's `$datasource`. */
  userAgent: string;
}

export interface PortClient {
  call<T = unknown>(path: string, request: PortRequest): Promise<HttpResponse<T>>;
}

/** Authorized calls to Port; a 401 (token expired or revoked early) gets one new token and one more try. */
export function createPortClient(http: Http, tokens: TokenSource): PortClient {
  const send = <T>(path: string, request: PortRequest, token: string) =>
    http.request<T>(path, {
      ...request,
      headers: { ...request.headers, authorization: `Bearer ${token}`, "user-agent": request.userAgent },
    });

  return {
    async call<T>(path: string, request: PortRequest) {
      const token = await tokens.current();
      try {
        return await send<T>(path, request, token);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status !== 401) throw error;
        return send<T>(path, request, await tokens.renew(token));
      }
    },
  };
}
