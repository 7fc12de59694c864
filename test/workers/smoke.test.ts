import { exports } from "cloudflare:workers";
import { newFake } from "../support/fakes.ts";
import { expect, it } from "vitest";

it("answers /health", async () => {
  const res = await exports.default.fetch("http://portside.test/health");
  expect(res.status).toBe(200);
});

it("reaches a fresh fake through the hub", async () => {
  const fake = await newFake("echo");
  await fake.seed({ a: 1 });
  await fake.faults([{ path: "^/x$", status: 503, times: 1 }]);
  expect((await fetch(fake.url + "/x")).status).toBe(503);
  expect(await (await fetch(fake.url + "/x")).json()).toEqual({ method: "GET", data: { a: 1 } });
  expect((await fake.requests()).map((r) => r.status)).toEqual([503, 200]);
});
