import { createLocalCatalog } from "../catalog/local.ts";
import { createPortWriter } from "../port/writer.ts";
import type { Runtime } from "../runtime/context.ts";
import type { Outbound } from "../runtime/outbound.ts";
import type { SyncState } from "./types.ts";
import type { CatalogWriter } from "./writer.ts";

/**
 * The Port writer for this invocation. Its token lives in the sync state, so every tick reuses the
 * one the previous tick obtained, and a refreshed token is saved with the tick's final write.
 * Without any Port credentials, the local catalog; with half of them, nothing (the missing one is
 * reported in /status rather than silently writing somewhere else).
 */
export function createWriter(rt: Runtime, outbound: Outbound, sync: SyncState): CatalogWriter | null {
  if (rt.port.status === "absent") return createLocalCatalog(rt.state, rt.now);
  if (rt.port.status !== "ok") return null;
  return createPortWriter({
    // PORT_API_URL names the /v1 root as Port documents it; the writer adds /v1 to its paths.
    baseUrl: rt.port.value.portApiUrl.replace(/\/v1$/, ""),
    clientId: rt.port.value.portClientId,
    clientSecret: rt.port.value.portClientSecret,
    outbound,
    concurrency: rt.options.concurrency,
    rateLimitShare: rt.options.portRateLimitShare / 100,
    tokens: {
      get: async () => sync.token,
      set: async (token) => {
        sync.token = token;
      },
    },
  });
}
