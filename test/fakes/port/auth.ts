import { toBase64Url } from "./encoding.ts";
import { PortError } from "./http.ts";

export interface AuthOptions {
  clients: Record<string, string>;
  tokenTtlSeconds: number;
}

interface Issued {
  clientId: string;
  expiresAt: number;
}

const encodeJson = (value: unknown) => toBase64Url(JSON.stringify(value));

const unauthorized = (message: string) => new PortError(401, "unauthorized", message);

/**
 * Machine tokens as Port issues them: a JWT (Ocean reads its claims unverified), valid for 3 h, and
 * the same token for a client until it expires.
 */
export function createAuth({ clients, tokenTtlSeconds }: AuthOptions) {
  const tokens = new Map<string, Issued>();
  const activeByClient = new Map<string, string>();
  let issued = 0;

  function mint(clientId: string, now: number): string {
    const iat = Math.floor(now / 1000);
    const payload = { sub: clientId, clientId, isMachine: true, iat, exp: iat + tokenTtlSeconds, jti: crypto.randomUUID() };
    const signature = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    return `${encodeJson({ alg: "HS256", typ: "JWT" })}.${encodeJson(payload)}.${signature}`;
  }

  return {
    get tokensIssued() {
      return issued;
    },

    issue(clientId: string, clientSecret: string) {
      if (clients[clientId] !== clientSecret) throw unauthorized("Invalid client credentials");
      const now = Date.now();
      const current = activeByClient.get(clientId);
      const live = current ? tokens.get(current) : undefined;
      if (current && live && live.expiresAt > now) {
        return { accessToken: current, expiresIn: Math.floor((live.expiresAt - now) / 1000), tokenType: "Bearer" };
      }
      const token = mint(clientId, now);
      tokens.set(token, { clientId, expiresAt: now + tokenTtlSeconds * 1000 });
      activeByClient.set(clientId, token);
      issued++;
      return { accessToken: token, expiresIn: tokenTtlSeconds, tokenType: "Bearer" };
    },

    /** The clientId behind an `Authorization` header, or a 401. */
    verify(header: string | null): string {
      const token = /^Bearer (\S+)$/i.exec(header ?? "")?.[1];
      if (!token) throw unauthorized("Missing bearer token");
      const found = tokens.get(token);
      if (!found) throw unauthorized("Invalid token");
      if (found.expiresAt <= Date.now()) throw unauthorized("Token expired");
      return found.clientId;
    },

    expireAll() {
      const now = Date.now();
      for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
