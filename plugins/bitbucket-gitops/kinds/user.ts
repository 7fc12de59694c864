import * as v from "valibot";
import type { ListArgs, Page } from "../../../src/plugin.ts";
import { bitbucketClient } from "../client.ts";
import type { BitbucketSettings } from "../settings.ts";

export const UserCursor = v.object({ start: v.number() });

/** GET /users, every user the credentials may see, as Ocean lists them (its selector has no filters). */
export async function listUsers(args: ListArgs<BitbucketSettings, unknown, v.InferOutput<typeof UserCursor>>): Promise<Page> {
  const { cursor } = args;
  const page = await bitbucketClient(args).list("/users", cursor?.start ?? 0, { limit: args.limit });
  return { items: page.values, next: page.next === null ? null : { start: page.next } };
}
