import type { Entity } from "../mapping/types.ts";
import { createHttp, type HttpOptions } from "../runtime/http.ts";
import { createLimit } from "../runtime/limit.ts";
import type { Outbound } from "../runtime/outbound.ts";
import { ensureBlueprints, type BlueprintDefinition, type EnsureResult } from "./blueprints.ts";
import { findForeign } from "./foreign.ts";
import { createPortClient } from "./client.ts";
import { deleteEntities, type DeleteOptions } from "./delete.ts";
import { integrationApi, type IntegrationApi } from "./integration.ts";
import { listOwned, type ListOwnedOptions, type OwnedPage } from "./owned.ts";
import { pacedOutbound, pacerFor } from "./pace.ts";
import { createTokenSource, type TokenStore } from "./token.ts";
import type { DeleteResult, EntityRef, UpsertResult } from "./types.ts";
import type { Ownership } from "./user-agent.ts";
import { upsertEntities, type UpsertOptions } from "./upsert.ts";

export interface PortWriterOptions {
  /** e.g. https://api.port.io (EU) or https://api.us.port.io */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  outbound: Outbound;
  tokens: TokenStore;
  /** Bulk requests in flight at once; Workers keep at most six connections awaiting headers. */
  concurrency?: number;
  /** Share of Port's rate limit (0 to 1] this writer may use; the rest stays for other clients. */
  rateLimitShare?: number;
  /** User-Agent of calls that write no entities (token, blueprints, ownership queries). */
  userAgent?: string;
  /** Port allows 20 entities per bulk upsert. */
  maxBatchSize?: number;
  /** Port allows 1 MiB per body; the default stays one byte under it. */
  maxBodyBytes?: number;
  /** Retries, backoff, waits and timeouts of the underlying HTTP client. */
  http?: Omit<HttpOptions, "baseURL" | "outbound" | "headers" | "secrets">;
  /** Share of a token's lifetime after which it is replaced. */
  tokenRefreshRatio?: number;
  now?: () => number;
}

export interface PortWriter {
  upsert(entities: readonly Entity[], options: UpsertOptions): Promise<UpsertResult>;
  delete(refs: readonly EntityRef[], options: DeleteOptions): Promise<DeleteResult>;
  ensureBlueprints(blueprints: readonly BlueprintDefinition[]): Promise<EnsureResult>;
  listOwned(options: ListOwnedOptions): AsyncGenerator<OwnedPage>;
  foreign(refs: readonly EntityRef[], ours: readonly Ownership[]): Promise<EntityRef[]>;
  integration: IntegrationApi;
}

export function createPortWriter(options: PortWriterOptions): PortWriter {
  const userAgent = options.userAgent ?? "portside";
  const http = createHttp({
    ...options.http,
    baseURL: options.baseUrl,
    outbound: pacedOutbound(
      options.outbound,
      pacerFor(`${options.baseUrl}|${options.clientId}`, { share: options.rateLimitShare ?? 1, now: options.now }),
    ),
    secrets: () => [options.clientSecret],
  });
  const tokens = createTokenSource({
    http,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    store: options.tokens,
    userAgent,
    refreshRatio: options.tokenRefreshRatio,
    now: options.now,
  });
  const client = createPortClient(http, tokens);
  const limit = createLimit(options.concurrency ?? 4);
  const batch = { maxItems: options.maxBatchSize ?? 20, maxBytes: options.maxBodyBytes ?? 1024 * 1024 - 1 };

  return {
    upsert: (entities, upsertOptions) => upsertEntities({ client, limit, batch }, entities, upsertOptions),
    delete: (refs, deleteOptions) => deleteEntities({ client, limit, maxIds: 100 }, refs, deleteOptions),
    ensureBlueprints: (blueprints) => ensureBlueprints(client, blueprints, userAgent),
    listOwned: (listOptions) => listOwned(client, listOptions, userAgent),
    foreign: (refs, ours) => findForeign(client, refs, ours, userAgent),
    integration: integrationApi(client, userAgent),
  };
}
