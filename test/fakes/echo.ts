import { defineFake } from "./base.ts";
import type { FakeFactory } from "./registry.ts";

export const createEchoFake: FakeFactory = () => {
  let data: unknown = null;
  return defineFake({
    name: "echo",
    seed: (d) => void (data = d),
    state: () => data,
    route: (req) => Response.json({ method: req.method, data }),
  });
};
