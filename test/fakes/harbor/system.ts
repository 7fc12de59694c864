/** `GET /ping` and `GET /systeminfo` (protected fields only for authenticated callers). */
import { isAuthenticated } from "./auth.ts";
import { isoTime, jsonResponse } from "./http.ts";
import type { Ctx, Route } from "./router.ts";

export const HARBOR_VERSION = "v2.15.2-080b0220";

function ping(c: Ctx): Response {
  return new Response("Pong", { headers: { "content-type": "text/plain", "x-request-id": c.requestId } });
}

function systemInfo(c: Ctx): Response {
  const info: Record<string, unknown> = {
    auth_mode: "db_auth",
    banner_message: "",
    current_time: isoTime(Date.now()),
    harbor_version: HARBOR_VERSION,
    oidc_provider_name: "",
    primary_auth_mode: false,
    self_registration: false,
  };
  if (isAuthenticated(c.who)) {
    Object.assign(info, {
      external_url: `http://${c.config.externalHost}`,
      has_ca_root: false,
      notification_enable: true,
      project_creation_restriction: "everyone",
      read_only: false,
      registry_storage_provider_name: "filesystem",
      registry_url: c.config.externalHost,
    });
  }
  return jsonResponse(info, c.requestId);
}

export const systemRoutes: Route[] = [
  { method: "GET", path: "/ping", handle: ping },
  { method: "GET", path: "/systeminfo", handle: systemInfo },
];
