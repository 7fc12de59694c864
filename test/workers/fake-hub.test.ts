import { expect, it } from "vitest";
import { newFake } from "../support/fakes.ts";

it("gives each test a fresh fake whose faults and request log work over real HTTP", async () => {
  const fake = await newFake("echo");
  await fake.seed({ a: 1 });
  await fake.faults([{ path: "^/x$", status: 503, times: 1 }]);
  expect((await fetch(fake.url + "/x")).status).toBe(503);
  expect(await (await fetch(fake.url + "/x")).json()).toEqual({ method: "GET", data: { a: 1 } });
  expect((await fake.requests()).map((r) => r.status)).toEqual([503, 200]);
  const other = await newFake("echo");
  expect(await other.state()).toBeNull();
});
