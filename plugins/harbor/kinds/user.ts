import * as v from "valibot";
import { KindUnavailableError, type ListArgs, type Page } from "../../../src/plugin.ts";
import { HttpError } from "../../../src/runtime/http.ts";
import { harborClient } from "../client.ts";
import type { HarborSettings } from "../settings.ts";
import { listKeyset, type AfterCursor } from "../listing.ts";
import { UserSchema } from "../schemas.ts";

/**
 * GET /users needs a system admin (or a robot with user:list). The client has already turned a
 * 401 from wrong credentials into a CredentialsError, so a 401 or 403 here means "not allowed",
 * never "no users".
 */
export async function listUsers(args: ListArgs<HarborSettings, unknown, v.InferOutput<typeof AfterCursor>>): Promise<Page> {
  const { cursor } = args;
  const client = harborClient(args);
  try {
    const page = await listKeyset(client, {
      path: "/users",
      idColumn: "user_id",
      after: cursor?.after ?? 0,
      schema: UserSchema,
      id: (u) => u.user_id,
      pageSize: args.limit,
    });
    return { items: page.items, next: page.more ? { after: page.lastId } : null };
  } catch (err) {
    if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
      throw new KindUnavailableError(
        `HARBOR_USERNAME "${args.settings.username}" may not list users (${err.status}); ` +
          "users need a system admin, or a robot account with the user:list permission",
      );
    }
    throw err;
  }
}
