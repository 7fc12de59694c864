import type { Project, Repo, Store, User, Webhook } from "./model.ts";

/** Where the fake pretends to live: its origin plus an optional context path such as /bitbucket. */
export interface Site {
  origin: string;
  contextPath: string;
}

export const base = (site: Site) => site.origin + site.contextPath;

export function renderProject(site: Site, p: Project) {
  const href = p.type === "PERSONAL" ? `${base(site)}/users/${p.owner}` : `${base(site)}/projects/${p.key}`;
  return {
    key: p.key,
    id: p.id,
    name: p.name,
    ...(p.description === undefined ? {} : { description: p.description }),
    public: p.public,
    type: p.type,
    ...(p.type === "PERSONAL" ? { owner: { name: p.owner, slug: p.owner } } : {}),
    links: { self: [{ href }] },
  };
}

/** RestRepository as GET returns it: links and archived included, `defaultBranch` never. */
export function renderRepo(site: Site, store: Store, r: Repo, depth = 0): Record<string, unknown> {
  const project = store.projects.get(r.projectKey)!;
  const scmPath = `${r.projectKey.toLowerCase()}/${r.slug}`;
  const host = new URL(site.origin).hostname;
  const origin = r.originId === undefined ? undefined : store.reposById.get(r.originId);
  return {
    slug: r.slug,
    id: r.id,
    name: r.name,
    ...(r.description === undefined ? {} : { description: r.description }),
    hierarchyId: r.hierarchyId,
    scmId: "git",
    state: r.state,
    statusMessage: r.state === "AVAILABLE" ? "Available" : r.state === "OFFLINE" ? "Offline" : "Initialising",
    forkable: r.forkable,
    ...(origin && depth === 0 ? { origin: renderRepo(site, store, origin, 1) } : {}),
    project: renderProject(site, project),
    public: r.public,
    archived: r.archived,
    links: {
      clone: [
        { href: `ssh://git@${host}:7999/${scmPath}.git`, name: "ssh" },
        { href: `${base(site)}/scm/${scmPath}.git`, name: "http" },
      ],
      self: [{ href: `${base(site)}/projects/${r.projectKey}/repos/${r.slug}/browse` }],
    },
  };
}

export function renderUser(site: Site, u: User) {
  return {
    name: u.name,
    emailAddress: u.emailAddress,
    active: true,
    displayName: u.displayName,
    id: u.id,
    slug: u.name,
    type: "NORMAL",
    links: { self: [{ href: `${base(site)}/users/${u.name}` }] },
  };
}

export function renderWebhook(w: Webhook) {
  return {
    id: w.id,
    name: w.name,
    createdDate: w.createdDate,
    updatedDate: w.updatedDate,
    events: w.events,
    configuration: w.configuration,
    ...(w.credentials ? { credentials: { username: w.credentials.username } } : {}),
    url: w.url,
    active: w.active,
    scopeType: w.scope.repoId === undefined ? "project" : "repository",
    sslVerificationRequired: w.sslVerificationRequired,
  };
}

export function branchRef(name: string) {
  return { id: `refs/heads/${name}`, displayId: name, type: "BRANCH" as const };
}

/** ISO-8601 with a colon-less offset, as webhook bodies carry it: 2025-06-03T14:21:07+0000. */
export function eventDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "+0000";
}
