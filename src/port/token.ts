import type { Http } from "../runtime/http.ts";
import { parseResponse, TokenResponse } from "./schemas.ts";

/** A Port access token with the times that matter to us, in epoch ms. */
export interface CachedToken {
  /** Tokens are per client: a changed clientId must not reuse another client's token. */
  clientId: string;
  accessToken: string;
  expiresAt: number;
  refreshAt: number;
}

/** Where tokens outlive one tick; the engine backs it with its KV state. */
export interface TokenStore {
  get(): Promise<CachedToken | null>;
  set(token: CachedToken): Promise<void>;
}

export function memoryTokenStore(initial: CachedToken | null = null): TokenStore {
  let token = initial;
  return {
    get: async () => token,
    set: async (next) => void (token = next),
  };
}

export interface TokenSource {
  /** A token believed valid: from memory, the store, or a new one from Port. */
  current(): Promise<string>;
  /** Replaces a token Port refused; callers refusing the same token share one request. */
  renew(rejected: string): Promise<string>;
}

export interface TokenSourceOptions {
  http: Http;
  clientId: string;
  clientSecret: string;
  store: TokenStore;
  userAgent: string;
  /** Share of the lifetime after which a token is replaced; Port tokens live 3 h. */
  refreshRatio?: number;
  now?: () => number;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { http, clientId, clientSecret, store } = options;
  const refreshRatio = options.refreshRatio ?? 0.8;
  const now = options.now ?? Date.now;
  let cached: CachedToken | null = null;
  let pending: Promise<CachedToken> | null = null;

  const fresh = (token: CachedToken | null): token is CachedToken =>
    token !== null && token.clientId === clientId && now() < token.refreshAt;

  async function request(): Promise<CachedToken> {
    const issuedAt = now();
    const response = await http.request("/v1/auth/access_token", {
      method: "POST",
      body: { clientId, clientSecret },
      headers: { "user-agent": options.userAgent },
    });
    const body = parseResponse(TokenResponse, response.data, "access token response");
    const lifetimeMs = body.expiresIn * 1000;
    const token: CachedToken = {
      clientId,
      accessToken: body.accessToken,
      expiresAt: issuedAt + lifetimeMs,
      refreshAt: issuedAt + refreshRatio * lifetimeMs,
    };
    cached = token;
    await store.set(token);
    return token;
  }

  const issue = (): Promise<CachedToken> =>
    (pending ??= request().finally(() => {
      pending = null;
    }));

  /** Another writer sharing the store may already hold a newer token. */
  async function fromStore(unless?: string): Promise<CachedToken | null> {
    const stored = await store.get();
    if (!fresh(stored) || stored.accessToken === unless) return null;
    cached = stored;
    return stored;
  }

  return {
    async current() {
      if (fresh(cached)) return cached.accessToken;
      if (pending) return (await pending).accessToken;
      return ((await fromStore()) ?? (await issue())).accessToken;
    },
    async renew(rejected) {
      if (fresh(cached) && cached.accessToken !== rejected) return cached.accessToken;
      if (pending) return (await pending).accessToken;
      return ((await fromStore(rejected)) ?? (await issue())).accessToken;
    },
  };
}
