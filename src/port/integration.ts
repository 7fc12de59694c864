import * as v from "valibot";
import { HttpError } from "../runtime/http.ts";
import type { PortClient } from "./client.ts";
import { parseResponse } from "./schemas.ts";

const IntegrationResponse = v.looseObject({
  integration: v.looseObject({
    config: v.optional(v.nullable(v.looseObject({ resources: v.optional(v.array(v.unknown())) }))),
  }),
});

export interface IntegrationRecord {
  /** The mapping stored on the integration (Ocean keeps port-app-config there); null when empty. */
  config: Record<string, unknown> | null;
}

export interface ResyncState {
  status: "running" | "completed" | "failed";
  lastResyncStart?: string;
  lastResyncEnd?: string;
  nextResync?: string;
  intervalInMinutes?: number;
  [detail: string]: unknown;
}

/** The integration routes Ocean uses, so portside shows up in Port like any integration. */
export function integrationApi(client: PortClient, userAgent: string) {
  const path = (id: string) => `/v1/integration/${encodeURIComponent(id)}`;
  return {
    async get(id: string): Promise<IntegrationRecord | null> {
      try {
        const response = await client.call(path(id), { userAgent });
        const { integration } = parseResponse(IntegrationResponse, response.data, "integration");
        const config = integration.config;
        return { config: config && Object.keys(config).length > 0 ? config : null };
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) return null;
        throw error;
      }
    },
    async create(id: string, body: { title: string; version: string; config: Record<string, unknown> }) {
      try {
        await client.call("/v1/integration", {
          method: "POST",
          body: { installationId: id, installationAppType: "portside", ...body },
          userAgent,
        });
      } catch (error) {
        // Another invocation created it first: the record exists, which is all that was wanted.
        if (!(error instanceof HttpError && error.status === 409)) throw error;
      }
    },
    async reportResync(id: string, state: ResyncState) {
      await client.call(`${path(id)}/resync-state`, { method: "PATCH", body: state, userAgent });
    },
  };
}

export type IntegrationApi = ReturnType<typeof integrationApi>;
