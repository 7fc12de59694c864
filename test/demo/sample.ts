/**
 * Sample data for the demo: a Harbor with a few teams' images (scanned, unscanned, a failed scan,
 * a multi-arch index) and a Bitbucket Server whose repositories declare entities in port.yaml,
 * one of them with a mistake so the status page has an error to show.
 */

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

export const harborCredentials = { username: "admin", password: "Harbor12345" };
export const bitbucketCredentials = { username: "portside", password: "portside-demo-pw" };
/** With APP_HOST, bitbucket-gitops registers a webhook in each project, so a push reaches portside at once. */
export const bitbucketWebhookSecret = "portside-demo-webhook-secret";

export const harborSeed = {
  accounts: [
    { username: "alice", password: "alice-password-1", email: "alice@example.com", realname: "Alice Doe" },
    { username: "bob", password: "bob-password-1", email: "bob@example.com", realname: "Bob Roe" },
  ],
  projects: [
    {
      name: "library",
      public: true,
      repositories: [
        {
          name: "nginx",
          description: "Reverse proxy",
          pullCount: 120,
          artifacts: [
            { digest: digest(0xa1), tags: ["1.27", "latest"], scan: { counts: { Critical: 1, High: 2, Low: 4 }, fixable: 2 } },
            { digest: digest(0xa2), tags: ["1.25"], scan: { counts: { High: 5 } } },
          ],
        },
        { name: "redis", artifacts: [{ digest: digest(0xa3), tags: ["7"], scan: { status: "Error" } }] },
      ],
    },
    {
      name: "payments",
      members: ["alice"],
      repositories: [
        {
          name: "payments/api",
          description: "Payments REST API",
          artifacts: [
            { digest: digest(0xb1), tags: ["v2.4.0"], scan: { counts: { Medium: 3 } } },
            { digest: digest(0xb2), tags: ["v2.3.1"], scan: { counts: { High: 1, Medium: 2 } } },
            { digest: digest(0xb3) },
          ],
        },
        {
          name: "payments/worker",
          artifacts: [
            {
              digest: digest(0xb4),
              tags: ["1.8"],
              references: [
                { digest: digest(0xb5), platform: { architecture: "amd64", os: "linux" } },
                { digest: digest(0xb6), platform: { architecture: "arm64", os: "linux" } },
              ],
              scan: { counts: {} },
            },
          ],
        },
      ],
    },
    {
      name: "platform",
      members: ["bob"],
      repositories: [
        { name: "gateway", artifacts: [{ digest: digest(0xc1), tags: ["3.0.0", "stable"], scan: { counts: { Low: 1 } } }] },
        { name: "charts/gateway", artifacts: [{ digest: digest(0xc2), tags: ["0.9.0"], type: "CHART" }] },
      ],
    },
  ],
};

/** Enough generated images that a cycle takes a few ticks, so the progress bars have something to show. */
export const harborBulk = { projects: 6, reposPerProject: 8, artifactsPerRepo: 25, prefix: "team", scanned: 0.7 };

const service = (identifier: string, title: string, language: string, owner: string) =>
  `identifier: ${identifier}\ntitle: ${title}\nblueprint: service\nproperties:\n  language: ${language}\n  owner: ${owner}\n`;

export const bitbucketSeed = {
  users: [{ name: bitbucketCredentials.username, password: bitbucketCredentials.password, displayName: "Portside Sync" }],
  projects: [
    {
      key: "PAY",
      name: "Payments",
      repos: [
        { slug: "payments-api", name: "Payments API", files: { "port.yaml": service("payments-api", "Payments API", "Go", "payments") } },
        { slug: "payments-worker", name: "Payments Worker", files: { "port.yaml": service("payments-worker", "Payments Worker", "Go", "payments") } },
      ],
    },
    {
      key: "PLAT",
      name: "Platform",
      repos: [
        {
          slug: "gateway",
          name: "Gateway",
          files: {
            "port.yaml": [
              "- identifier: gateway",
              "  title: Gateway",
              "  blueprint: service",
              "  properties: { language: Rust, owner: platform }",
              "- identifier: gateway-staging",
              "  title: Gateway (staging)",
              "  blueprint: environment",
              "  relations: { service: gateway }",
              "",
            ].join("\n"),
          },
        },
        {
          // A declaration users get wrong: the entity is skipped and named on the status page.
          slug: "legacy-cron",
          name: "Legacy Cron",
          files: { "port.yaml": "identifier: legacy cron\ntitle: Legacy Cron\nblueprint: service\n" },
        },
        { slug: "docs", name: "Docs", files: { "README.md": "# No port.yaml here\n" } },
      ],
    },
  ],
};

/** A commit that declares one more service in a repository that had no port.yaml. */
export const samplePush = {
  project: "PLAT",
  repo: "docs",
  files: { "port.yaml": "identifier: docs-site\ntitle: Docs site\nblueprint: service\nproperties:\n  language: Markdown\n" },
};
