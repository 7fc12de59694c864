import type { PluginContext } from "../../src/plugin.ts";
import type { HarborClient } from "./client.ts";
import { listKeyset } from "./listing.ts";
import { RepositorySchema } from "./schemas.ts";
import type { HarborSettings } from "./settings.ts";
import { firstAfter } from "./windows.ts";

/** A repository by id and full name (`team-a/service/api`), as the artifact cursor keeps it. */
export interface RepositoryRef {
  id: number;
  name: string;
}

/**
 * The first repository of project `project` with an id above `after`, or undefined when there is
 * none. For Harbor before 2.12, whose artifacts can only be listed per repository; the project's
 * repositories are read a hundred at a time and kept for the tick.
 */
export async function repositoryAfter(
  ctx: PluginContext<HarborSettings>,
  client: HarborClient,
  project: { project: number; name: string },
  after: number,
): Promise<RepositoryRef | undefined> {
  const found = await firstAfter(
    ctx.cache,
    {
      key: `harbor:repositories:${project.project}`,
      read: (from) =>
        listKeyset(client, {
          path: `/projects/${encodeURIComponent(project.name)}/repositories`,
          idColumn: "repository_id",
          after: from,
          schema: RepositorySchema,
          id: (r) => r.id,
        }),
      id: (r) => r.id,
      accept: () => true,
    },
    after,
  );
  return found && { id: found.id, name: found.name };
}
