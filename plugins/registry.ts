import type { AnyPlugin } from "../src/plugin.ts";
import { bitbucketGitopsPlugin } from "./bitbucket-gitops/index.ts";
import { harborPlugin } from "./harbor/index.ts";

/** Every source portside can sync; a new source is one folder under plugins/ and one line here. */
export const plugins: AnyPlugin[] = [harborPlugin, bitbucketGitopsPlugin];
