import * as v from "valibot";
import type { ListArgs, Page } from "../../../src/plugin.ts";
import { bitbucketClient } from "../client.ts";
import type { BitbucketSettings } from "../settings.ts";
import { parseCursor } from "../walk.ts";

const UserCursor = v.nullable(v.object({ start: v.number() }));

/** GET /users, every user the credentials may see, as Ocean lists them (its selector has no filters). */
export async function listUsers(args: ListArgs<BitbucketSettings>): Promise<Page> {
  const cursor = parseCursor(UserCursor, "user", args.cursor);
  const page = await bitbucketClient(args).list("/users", cursor?.start ?? 0);
  return { items: page.values, next: page.next === null ? null : { start: page.next } };
}
