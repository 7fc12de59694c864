/**
 * Turning the seed JSON (documented in index.ts) into store records, and the `generate` action
 * that builds a large deterministic store. Ids follow seed order; times default to a fixed clock
 * (2024-06-01T00:00:00Z + 1 s per record) so repeated seeds give identical responses.
 */
import { validatePolicy } from "./policies.ts";
import { GENERIC_MIME } from "./render.ts";
import { Store, ZERO_TIME } from "./store.ts";
import type { Artifact, Label, Platform, Project, Repo, Role, ScanReport, Vulnerability } from "./store.ts";

export interface RobotSeed {
  level: "system" | "project";
  project?: string;
  /** System robots: the projects covered; all when absent. */
  projects?: string[];
  /** Added to the read-only defaults, e.g. `user:list`, `notification-policy:create`. */
  permissions?: string[];
}

export interface AccountSeed {
  username: string;
  password?: string;
  admin?: boolean;
  email?: string;
  realname?: string;
  comment?: string;
  robot?: RobotSeed;
}

export interface ScanSeed {
  status?: ScanReport["status"];
  severity?: string;
  /** Vulnerabilities per severity, e.g. {Critical: 1, High: 4}. */
  counts?: Record<string, number>;
  fixable?: number;
  duration?: number;
  startTime?: string;
  endTime?: string;
  mimeTypes?: string[];
  reportId?: string;
  scanner?: { name: string; vendor: string; version: string };
}

export interface ArtifactSeed {
  digest?: string;
  tags?: string[];
  type?: string;
  mediaType?: string;
  manifestMediaType?: string;
  artifactType?: string;
  size?: number;
  pushTime?: string;
  pullTime?: string;
  scan?: ScanSeed | null;
  scannable?: boolean;
  /** Index children: created (untagged) when not seeded before the index. */
  references?: { digest?: string; platform?: Platform }[];
  labels?: string[];
  accessories?: { digest?: string; type?: string; size?: number }[];
  annotations?: Record<string, string>;
  extraAttrs?: Record<string, unknown>;
}

export interface RepositorySeed {
  name: string;
  description?: string;
  pullCount?: number;
  creationTime?: string;
  artifacts?: ArtifactSeed[];
}

export interface ProjectSeed {
  name: string;
  public?: boolean;
  owner?: string;
  members?: (string | { username: string; role: Role })[];
  metadata?: Record<string, string | boolean>;
  creationTime?: string;
  repositories?: RepositorySeed[];
  policies?: unknown[];
}

export interface HarborSeed {
  accounts?: AccountSeed[];
  users?: AccountSeed[];
  projects?: ProjectSeed[];
}

const T0 = Date.parse("2024-06-01T00:00:00.000Z");
const IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
const IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
const ROBOT_READ = ["project:read", "repository:list", "repository:read", "artifact:list", "artifact:read", "tag:list", "artifact-addition:read"];
const SEVERITIES = ["Critical", "High", "Medium", "Low", "Negligible", "Unknown"];

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A deterministic, well-formed sha256 digest for a number. */
export function digestFor(n: number, salt = 0): string {
  let a = (n * 2654435761 + salt * 40503 + 1) >>> 0;
  let hex = "";
  for (let i = 0; i < 8; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const w = (t ^ (t >>> 14)) >>> 0;
    hex += HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  }
  return `sha256:${hex}`;
}

function uuidFor(n: number): string {
  const h = digestFor(n, 7).slice(7);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class Seeder {
  private tick = 0;
  private digests = 0;

  constructor(readonly store: Store) {}

  /** The next default timestamp of the fixed seed clock. */
  time(iso?: string): number {
    this.tick++;
    return iso ? Date.parse(iso) : T0 + this.tick * 1000;
  }

  nextDigest(): string {
    return digestFor(++this.digests, 1);
  }

  ensureAdmin(accounts: AccountSeed[]): void {
    const seeded = accounts.find((a) => a.username === "admin");
    this.addAccount({ password: "Harbor12345", ...seeded, username: "admin", admin: true }, 1);
  }

  addAccount(a: AccountSeed, id?: number): void {
    if (a.robot) {
      const r = a.robot;
      const projects = r.level === "project" ? [r.project ?? a.username.slice(6).split("+")[0]!] : r.projects;
      this.store.robots.set(a.username, {
        name: a.username,
        secret: a.password ?? "",
        level: r.level,
        projects: projects ? new Set(projects) : undefined,
        permissions: new Set([...ROBOT_READ, ...(r.permissions ?? [])]),
      });
      return;
    }
    if (this.store.usersByName.has(a.username)) return;
    const at = this.time();
    this.store.addUser(
      { username: a.username, password: a.password ?? "", email: a.email ?? "", realname: a.realname ?? "", comment: a.comment ?? "", admin: a.admin === true, creationTime: at, updateTime: at },
      id,
    );
  }

  addProject(p: ProjectSeed): Project {
    const owner = this.store.usersByName.get(p.owner ?? "admin");
    if (!owner) throw new Error(`seed: unknown owner ${p.owner}`);
    const at = this.time(p.creationTime);
    const metadata: Record<string, string> = { public: String(p.public === true) };
    for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = String(v);
    const members = new Map<number, Role>([[owner.id, "projectAdmin"]]);
    for (const m of p.members ?? []) {
      const [username, role] = typeof m === "string" ? [m, "developer" as Role] : [m.username, m.role];
      const user = this.store.usersByName.get(username);
      if (!user) throw new Error(`seed: unknown member ${username}`);
      members.set(user.id, role);
    }
    const project = this.store.addProject({ name: p.name, public: p.public === true, ownerId: owner.id, metadata, creationTime: at, updateTime: at, members });
    for (const r of p.repositories ?? []) this.addRepository(project, r);
    for (const raw of p.policies ?? []) {
      const fields = validatePolicy(raw);
      const now = this.time();
      this.store.addPolicy({ ...fields, projectId: project.id, creator: owner.username, creationTime: now, updateTime: now });
    }
    return project;
  }

  addRepository(project: Project, r: RepositorySeed): Repo {
    const full = r.name.startsWith(`${project.name}/`) ? r.name : `${project.name}/${r.name}`;
    const repo = this.store.ensureRepo(project, full, this.time(r.creationTime), r.description ?? "");
    repo.pullCount = r.pullCount ?? 0;
    for (const a of r.artifacts ?? []) this.addArtifact(repo, a);
    return repo;
  }

  addArtifact(repo: Repo, a: ArtifactSeed): Artifact {
    const pushTime = this.time(a.pushTime);
    const references = (a.references ?? []).map((ref) => {
      const digest = ref.digest ?? this.nextDigest();
      const child = repo.artifacts.get(digest) ?? this.addArtifact(repo, { digest, pushTime: new Date(pushTime).toISOString(), type: a.type, scan: a.scan });
      return { childId: child.id, childDigest: digest, platform: ref.platform };
    });
    const type = a.type ?? "IMAGE";
    const artifact = this.store.addArtifact(repo, {
      digest: a.digest ?? this.nextDigest(),
      type,
      mediaType: a.mediaType ?? (references.length ? IMAGE_INDEX : type === "IMAGE" ? IMAGE_CONFIG : "application/vnd.cncf.helm.config.v1+json"),
      manifestMediaType: a.manifestMediaType ?? (references.length ? IMAGE_INDEX : IMAGE_MANIFEST),
      artifactType: a.artifactType ?? "",
      size: a.size ?? 1024 * (1000 + (this.digests % 9000)),
      icon: "",
      pushTime,
      pullTime: a.pullTime ? Date.parse(a.pullTime) : ZERO_TIME,
      extraAttrs: a.extraAttrs ?? (type === "IMAGE" && !references.length ? { architecture: "amd64", os: "linux" } : {}),
      annotations: a.annotations ?? {},
      references,
      labels: (a.labels ?? []).map((name) => this.label(name)),
      accessories: (a.accessories ?? []).map((x) => ({
        id: this.store.next("accessory"),
        digest: x.digest ?? this.nextDigest(),
        type: x.type ?? "signature.cosign",
        size: x.size ?? 512,
        icon: "",
        creationTime: pushTime,
      })),
      scannable: a.scannable ?? type === "IMAGE",
      scan: a.scan ? this.scanReport(a.scan, pushTime) : undefined,
    });
    for (const tag of a.tags ?? []) this.store.setTag(repo, artifact, tag, pushTime);
    return artifact;
  }

  private label(name: string): Label {
    for (const l of this.store.labels.values()) if (l.name === name) return l;
    const at = this.time();
    const label: Label = { id: this.store.next("label"), name, description: "", color: "#0065AB", scope: "g", projectId: 0, creationTime: at, updateTime: at };
    this.store.labels.set(label.id, label);
    return label;
  }

  scanReport(s: ScanSeed, after: number): ScanReport {
    const counts = s.counts ?? {};
    const total = Object.values(counts).reduce((n, c) => n + c, 0);
    const start = s.startTime ?? new Date(after + 2000).toISOString().replace("Z", "518Z");
    const duration = s.duration ?? 17;
    const end = s.endTime ?? new Date(Date.parse(start) + duration * 1000).toISOString().replace("Z", "104Z");
    const severity = s.severity ?? SEVERITIES.find((sev) => (counts[sev] ?? 0) > 0) ?? "None";
    const vulnerabilities: Vulnerability[] = [];
    for (const sev of SEVERITIES)
      for (let i = 0; i < (counts[sev] ?? 0); i++)
        vulnerabilities.push({
          id: `CVE-2024-${String(10000 + vulnerabilities.length)}`,
          package: `pkg-${vulnerabilities.length}`,
          version: "1.0.0",
          fix_version: vulnerabilities.length < (s.fixable ?? 0) ? "1.0.1" : "",
          severity: sev,
          description: `${sev} issue`,
        });
    return {
      reportId: s.reportId ?? uuidFor(++this.tick),
      mimeTypes: s.mimeTypes ?? [GENERIC_MIME],
      status: s.status ?? "Success",
      severity,
      duration,
      total,
      fixable: s.fixable ?? 0,
      counts,
      startTime: start,
      endTime: end,
      completePercent: 100,
      scanner: s.scanner ?? { name: "Trivy", vendor: "Aqua Security", version: "v0.52.0" },
      vulnerabilities,
    };
  }
}

export function seedStore(data: HarborSeed | undefined): { store: Store; seeder: Seeder } {
  const store = new Store();
  const seeder = new Seeder(store);
  const accounts = [...(data?.accounts ?? []), ...(data?.users ?? [])];
  seeder.ensureAdmin(accounts);
  for (const a of accounts) seeder.addAccount(a);
  for (const p of data?.projects ?? []) seeder.addProject(p);
  return { store, seeder };
}

export interface GenerateOptions {
  projects: number;
  reposPerProject: number;
  artifactsPerRepo: number;
  tagsPerArtifact?: number;
  /** Every n-th project is public (1 = all, 0 = none); default 2. */
  publicEvery?: number;
  /** Share of artifacts with a successful scan report; default 0.5. */
  scanned?: number;
  prefix?: string;
  /** Usernames added as developers of every generated project. */
  members?: string[];
}

/** Append `projects × reposPerProject × artifactsPerRepo` artifacts, deterministically. */
export function generate(seeder: Seeder, o: GenerateOptions) {
  const prefix = o.prefix ?? "gen";
  const publicEvery = o.publicEvery ?? 2;
  const scanned = o.scanned ?? 0.5;
  let n = 0;
  for (let p = 0; p < o.projects; p++) {
    const project = seeder.addProject({ name: `${prefix}-${p}`, public: publicEvery > 0 && p % publicEvery === 0, members: o.members });
    for (let r = 0; r < o.reposPerProject; r++) {
      const repo = seeder.addRepository(project, { name: `svc-${r % 10}/app-${r}` });
      for (let i = 0; i < o.artifactsPerRepo; i++, n++) {
        const tags = Array.from({ length: o.tagsPerArtifact ?? 1 }, (_, t) => `1.${i}.${t}`);
        const scan = (n * 7919) % 1000 < scanned * 1000 ? { counts: { High: n % 3, Low: n % 5 }, fixable: n % 2 } : undefined;
        seeder.addArtifact(repo, { tags, scan });
      }
    }
  }
  return { artifacts: n, total: seeder.store.artifacts.size };
}
