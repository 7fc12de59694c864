import * as v from "valibot";
import type { ListArgs, Page, PluginContext } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import { harborClient, harborHttp, type HarborClient } from "./client.ts";
import { ARTIFACT_EVENTS } from "./events.ts";
import { AfterCursor } from "./listing.ts";
import { ProjectSchema, type Project } from "./schemas.ts";
import type { ProjectFilter } from "./selectors.ts";
import type { HarborSettings } from "./settings.ts";

/**
 * Harbor has no system-wide webhooks (goharbor/harbor#21370): every project needs its own policy.
 * The project resync makes sure each project it lists has one, by name, so a project created later
 * gets one on the next cycle and running it twice changes nothing.
 */

/** A GET per project, and a write where it differs: ten projects fit a free tick's 45 requests. */
const PROJECTS_PER_PAGE = 10;

const Target = v.looseObject({
  type: v.optional(v.string(), ""),
  address: v.optional(v.string(), ""),
  auth_header: v.optional(v.string(), ""),
  payload_format: v.optional(v.string(), ""),
  skip_cert_verify: v.optional(v.boolean(), false),
});

const PolicySchema = v.looseObject({
  id: v.pipe(v.number(), v.integer()),
  name: v.string(),
  enabled: v.optional(v.boolean(), false),
  event_types: v.optional(v.nullable(v.array(v.string())), []),
  targets: v.optional(v.nullable(v.array(Target)), []),
});
type Policy = v.InferOutput<typeof PolicySchema>;

/** One policy per deployment: two deployments syncing the same Harbor keep a policy each. */
const policyName = (appHost: string) => `portside-${new URL(appHost).host}`;
const webhookAddress = (appHost: string) => `${appHost}/webhooks/harbor`;

/** Both formats are understood: a format or certificate setting changed in Harbor's UI is kept. */
const FORMATS = ["Default", "CloudEvents"];

function desired(settings: { appHost: string; webhookSecret: string }, existing?: Policy) {
  const target = existing?.targets?.length === 1 ? existing.targets[0] : undefined;
  return {
    name: policyName(settings.appHost),
    description: "Sends artifact events to portside, which keeps Port's catalog in step; managed by portside",
    enabled: true,
    event_types: [...ARTIFACT_EVENTS],
    targets: [
      {
        type: "http",
        address: webhookAddress(settings.appHost),
        // Verbatim: Harbor sends it as the whole Authorization header.
        auth_header: settings.webhookSecret,
        skip_cert_verify: target?.skip_cert_verify ?? false,
        payload_format: target && FORMATS.includes(target.payload_format) ? target.payload_format : "Default",
      },
    ],
  };
}

function upToDate(policy: Policy, want: ReturnType<typeof desired>): boolean {
  const events = new Set(policy.event_types ?? []);
  const [target] = want.targets;
  const [has, ...others] = policy.targets ?? [];
  return (
    policy.enabled &&
    events.size === want.event_types.length &&
    want.event_types.every((e) => events.has(e)) &&
    others.length === 0 &&
    has !== undefined &&
    has.type === "http" &&
    has.address === target!.address &&
    has.auth_header === target!.auth_header
  );
}

async function findPolicy(client: HarborClient, project: Project, name: string): Promise<Policy | undefined> {
  for (let page = 1; ; page++) {
    const { items, more } = await client.list(`/projects/${project.project_id}/webhook/policies`, { query: { page, page_size: 100 } });
    const found = items.map((item) => v.parse(PolicySchema, item)).find((p) => p.name === name);
    if (found || !more) return found;
  }
}

type Outcome = "unchanged" | "created" | "updated";

/** Create the project's policy, or bring it back to what portside needs; a 409 means another run created it first. */
async function ensurePolicy(ctx: PluginContext<HarborSettings>, project: Project): Promise<Outcome> {
  const settings = { appHost: ctx.settings.appHost!, webhookSecret: ctx.settings.webhookSecret! };
  const client = harborClient(ctx);
  // Writes go through their own Http: the shared client only reads.
  const http = harborHttp(ctx);
  const path = `/projects/${project.project_id}/webhook/policies`;
  const name = policyName(settings.appHost);
  let existing = await findPolicy(client, project, name);
  if (!existing) {
    try {
      await http.request(path, { method: "POST", body: desired(settings) });
      return "created";
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 409)) throw err;
      existing = await findPolicy(client, project, name);
      if (!existing) throw err;
    }
  }
  const want = desired(settings, existing);
  if (upToDate(existing, want)) return "unchanged";
  await http.request(`${path}/${existing.id}`, { method: "PUT", body: want });
  return "updated";
}

/** Set in the project cursor once registration was refused, so the rest of the cycle does not ask again. */
const DENIED = "denied";

/** The project listing's cursor, with the mark that registration was refused this cycle. */
export const PolicyCursor = v.object({ ...AfterCursor.entries, policies: v.optional(v.literal(DENIED)) });
type ProjectArgs = ListArgs<HarborSettings, ProjectFilter, v.InferOutput<typeof PolicyCursor>>;

const mark = (next: Page["next"]): Page["next"] => (next !== null && typeof next === "object" && !Array.isArray(next) ? { ...next, policies: DENIED } : next);

/**
 * The project lister, registering a policy in each project it lists while APP_HOST and
 * HARBOR_WEBHOOK_SECRET are set. Pages are cut to PROJECTS_PER_PAGE projects; the lister's cursor
 * (`{after: project_id}`, keyset) resumes right after the last one. Failures never fail the listing:
 * they are logged and shown in /status.
 */
export function withPolicies(list: (args: ProjectArgs) => Promise<Page>) {
  return async (args: ProjectArgs): Promise<Page> => {
    const { appHost, webhookSecret } = args.settings;
    if (!appHost || !webhookSecret) return list(args);
    const page = await list(args);
    if (args.cursor?.policies === DENIED) return { ...page, next: mark(page.next) };

    const projects = page.items.map((item) => v.parse(ProjectSchema, item));
    const cut = projects.length > PROJECTS_PER_PAGE;
    const mine = projects.slice(0, PROJECTS_PER_PAGE);
    const result: Page = {
      ...page,
      items: page.items.slice(0, PROJECTS_PER_PAGE),
      next: cut ? { after: mine.at(-1)!.project_id } : page.next,
    };
    const warnings: NonNullable<Page["warnings"]> = [];
    for (const project of mine) {
      try {
        const outcome = await ensurePolicy(args, project);
        if (outcome !== "unchanged") args.log.info("webhook.policy", { project: project.name, outcome, address: webhookAddress(appHost) });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        args.log.warn("webhook.policy.failed", { project: project.name, error: err.message });
        if (err.status === 401 || err.status === 403) {
          warnings.push({
            item: project.name,
            message:
              `HARBOR_USERNAME "${args.settings.username}" may not manage webhook policies (${err.status} in project ${project.name}), ` +
              "so none are registered this cycle: give it the project admin role (robots: notification-policy create, list and update) " +
              "or create the policies by hand (see the harbor README)",
          });
          return { ...result, next: mark(result.next), warnings };
        }
        warnings.push({ item: project.name, message: `registering the webhook policy failed: ${err.message}` });
      }
    }
    return warnings.length > 0 ? { ...result, warnings } : result;
  };
}
