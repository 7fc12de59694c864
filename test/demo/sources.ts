import type { Fake } from "../fakes/base.ts";
import { createBitbucketFake } from "../fakes/bitbucket/index.ts";
import { createHarborFake } from "../fakes/harbor/index.ts";
import type { FakeFactory } from "../fakes/registry.ts";
import { serve, type Served } from "../fakes/serve.ts";
import { bitbucketCredentials, bitbucketSeed, bitbucketWebhookSecret, harborBulk, harborCredentials, harborSeed } from "./sample.ts";

export interface Source extends Served {
  /** Calls one of the fake's control actions (POST /_fake/action/<name>). */
  action(name: string, body: unknown): Promise<unknown>;
}

export interface Sources {
  harbor: Source;
  bitbucket: Source;
  /** The settings that point portside at both. */
  vars: Record<string, string>;
  close(): Promise<void>;
}

async function start(factory: FakeFactory, name: string, options: unknown): Promise<Source> {
  // A fake needs its own URL for the links it renders, known only once it listens.
  let fake: Fake | undefined;
  const served = await serve({ name, handle: (req) => fake!.handle(req) });
  fake = factory({ url: served.url, options });
  return {
    ...served,
    async action(action, body) {
      const res = await fetch(`${served.url}/_fake/action/${action}`, { method: "POST", body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${name} action ${action} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
  };
}

/** Simulated Harbor and Bitbucket Server on 127.0.0.1, seeded with the sample data. */
export async function startSources(): Promise<Sources> {
  const harbor = await start(createHarborFake, "harbor", { seed: harborSeed });
  const bitbucket = await start(createBitbucketFake, "bitbucket", { seed: bitbucketSeed });
  await harbor.action("generate", harborBulk);
  return {
    harbor,
    bitbucket,
    vars: {
      HARBOR_URL: harbor.url,
      HARBOR_USERNAME: harborCredentials.username,
      HARBOR_PASSWORD: harborCredentials.password,
      BITBUCKET_HOST: bitbucket.url,
      BITBUCKET_USERNAME: bitbucketCredentials.username,
      BITBUCKET_PASSWORD: bitbucketCredentials.password,
      BITBUCKET_WEBHOOK_SECRET: bitbucketWebhookSecret,
    },
    close: async () => {
      await Promise.all([harbor.close(), bitbucket.close()]);
    },
  };
}
