/** Webhook policy API of a project (`src/server/v2.0/handler/webhook.go`). */
import { requireProjectAccess } from "./auth.ts";
import type { Principal } from "./auth.ts";
import { badRequest, conflict, emptyResponse, jsonResponse, notFound, validation } from "./http.ts";
import { policyModel } from "./models.ts";
import { parsePaging } from "./paging.ts";
import { renderPolicy } from "./render.ts";
import { listResponse, parseJsonBody, projectByNameOrId } from "./router.ts";
import type { Ctx, Route } from "./router.ts";
import type { Policy, Project } from "./store.ts";

/** `src/pkg/notification/notification.go`, in Harbor's order. */
export const EVENT_TYPES = [
  "PUSH_ARTIFACT",
  "PULL_ARTIFACT",
  "DELETE_ARTIFACT",
  "QUOTA_EXCEED",
  "QUOTA_WARNING",
  "SCANNING_FAILED",
  "SCANNING_STOPPED",
  "SCANNING_COMPLETED",
  "REPLICATION",
  "TAG_RETENTION",
];

function project(c: Ctx): { project?: Project; label: string } {
  return projectByNameOrId(c, c.params.project_name_or_id!);
}

function requireProject(found: { project?: Project; label: string }): Project {
  if (!found.project) throw notFound(`project ${found.label} not found`);
  return found.project;
}

function policyId(c: Ctx): number {
  const raw = c.params.webhook_policy_id!;
  if (!/^[+-]?\d+$/.test(raw)) throw validation([`webhook_policy_id in path must be of type int64: "${raw}"`]);
  return Number(raw);
}

function policyInProject(c: Ctx, p: Project, id: number): Policy {
  const policy = c.store.policies.get(id);
  if (!policy) throw notFound(`notificationPolicy ${id} not found`);
  if (policy.projectId !== p.id) throw notFound(`resource not found: project id:${p.id}, webhook policy id: ${id} not found`);
  return policy;
}

type Fields = Pick<Policy, "name" | "description" | "enabled" | "eventTypes" | "targets">;

/** validateEventTypes + validateTargets, including the address normalisation against SSRF. */
export function validatePolicy(body: any): Fields {
  const name = typeof body?.name === "string" ? body.name : "";
  const eventTypes: unknown[] = Array.isArray(body?.event_types) ? body.event_types : [];
  if (eventTypes.length === 0) throw badRequest("empty event type");
  for (const t of eventTypes) if (!EVENT_TYPES.includes(String(t))) throw badRequest(`unsupported event type ${t}`);
  const rawTargets: any[] = Array.isArray(body?.targets) ? body.targets : [];
  if (rawTargets.length === 0) throw badRequest(`empty notification target with policy ${name}`);
  const targets = rawTargets.map((t) => {
    let address = String(t?.address ?? "").trim();
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(address)) address = `http://${address}`;
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw badRequest(`parse "${t?.address}": invalid URI for request`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw badRequest(`invalid scheme: ${url.protocol.slice(0, -1)}`);
    const type = String(t?.type ?? "");
    if (type !== "http" && type !== "slack") throw badRequest(`unsupported target type ${type} with policy ${name}`);
    let format = String(t?.payload_format ?? "");
    if (format && type === "slack") throw badRequest("set payload format is not allowed for slack");
    if (format && format !== "Default" && format !== "CloudEvents") throw badRequest(`unsupported payload format type: ${format}`);
    if (!format && type === "http") format = "Default";
    return {
      type,
      // Go keeps scheme, host and path only; a query string is dropped.
      address: `${url.protocol}//${url.host}${/^[^:]+:\/\/[^/?#]*([?#]|$)/.test(address) ? "" : url.pathname}`,
      auth_header: String(t?.auth_header ?? ""),
      skip_cert_verify: t?.skip_cert_verify === true,
      payload_format: format,
    };
  });
  return {
    name,
    description: typeof body?.description === "string" ? body.description : "",
    enabled: body?.enabled === true,
    eventTypes: eventTypes.map(String),
    targets,
  };
}

function creatorOf(who: Principal): string {
  return who.kind === "user" ? who.user.username : who.kind === "robot" ? who.robot.name : "";
}

function nameTaken(p: Project, name: string, except?: Policy): boolean {
  return p.policies.some((x) => x !== except && x.name === name);
}

function list(c: Ctx): Response {
  parsePaging(c.query);
  const found = project(c);
  requireProjectAccess(c.who, found.project, "notification-policy", "list");
  const p = requireProject(found);
  return listResponse(c, `policies|${p.id}`, () => p.policies, policyModel, renderPolicy);
}

function create(c: Ctx): Response {
  const found = project(c);
  requireProjectAccess(c.who, found.project, "notification-policy", "create");
  const fields = validatePolicy(parseJsonBody(c));
  const p = requireProject(found);
  if (nameTaken(p, fields.name)) throw conflict(`notification policy named ${fields.name} already exists`);
  const now = c.store.clock.now();
  const policy = c.store.addPolicy({ ...fields, projectId: p.id, creator: creatorOf(c.who), creationTime: now, updateTime: now });
  return emptyResponse(201, c.requestId, { location: `${c.url.pathname.replace(/\/$/, "")}/${policy.id}` });
}

function getOne(c: Ctx): Response {
  const id = policyId(c);
  const p = requireProject(project(c));
  requireProjectAccess(c.who, p, "notification-policy", "read");
  return jsonResponse(renderPolicy(policyInProject(c, p, id)), c.requestId);
}

function update(c: Ctx): Response {
  const id = policyId(c);
  const found = project(c);
  requireProjectAccess(c.who, found.project, "notification-policy", "update");
  const p = requireProject(found);
  const policy = policyInProject(c, p, id);
  const fields = validatePolicy(parseJsonBody(c));
  if (nameTaken(p, fields.name, policy)) throw conflict(`notification policy named ${fields.name} already exists`);
  Object.assign(policy, fields, { updateTime: c.store.clock.now() });
  c.store.touch();
  return emptyResponse(200, c.requestId);
}

function remove(c: Ctx): Response {
  const id = policyId(c);
  const found = project(c);
  requireProjectAccess(c.who, found.project, "notification-policy", "delete");
  c.store.deletePolicy(policyInProject(c, requireProject(found), id));
  return emptyResponse(200, c.requestId);
}

function events(c: Ctx): Response {
  requireProjectAccess(c.who, project(c).project, "notification-policy", "read");
  return jsonResponse(
    { event_type: EVENT_TYPES, notify_type: ["http", "slack"], payload_formats: [{ formats: ["Default", "CloudEvents"], notify_type: "http" }] },
    c.requestId,
  );
}

const base = "/projects/{project_name_or_id}/webhook";

export const policyRoutes: Route[] = [
  { method: "GET", path: `${base}/policies`, handle: list },
  { method: "POST", path: `${base}/policies`, handle: create },
  { method: "GET", path: `${base}/policies/{webhook_policy_id}`, handle: getOne },
  { method: "PUT", path: `${base}/policies/{webhook_policy_id}`, handle: update },
  { method: "DELETE", path: `${base}/policies/{webhook_policy_id}`, handle: remove },
  { method: "GET", path: `${base}/events`, handle: events },
];
