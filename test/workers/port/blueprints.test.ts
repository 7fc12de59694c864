import { describe, expect, it } from "vitest";
import { creationOrder } from "../../../src/port/blueprints.ts";
import { newPort, writerFor } from "./support.ts";

describe("creationOrder", () => {
  const bp = (identifier: string, ...targets: string[]) => ({
    identifier,
    relations: Object.fromEntries(targets.map((t) => [t, { target: t }])),
  });

  it("creates relation targets first and ignores targets outside the set and self-relations", () => {
    const order = creationOrder([bp("artifact", "repository", "_team"), bp("repository", "project"), bp("project", "project")]);
    expect(order.map((b) => b.identifier)).toEqual(["project", "repository", "artifact"]);
  });

  it("reports a cycle instead of guessing", () => {
    expect(() => creationOrder([bp("a", "b"), bp("b", "a")])).toThrow(/cycle: a → b → a/);
  });
});

describe("PortWriter.ensureBlueprints", () => {
  const service = { identifier: "service", title: "Service", schema: { properties: {} } };
  const repository = {
    identifier: "repository",
    title: "Repository",
    schema: { properties: { url: { type: "string", format: "url" } } },
    relations: { service: { title: "Service", target: "service", required: false, many: false } },
  };
  const artifactBp = {
    identifier: "artifact",
    title: "Ours",
    schema: { properties: { digest: { type: "string" } } },
    relations: { repository: { title: "Repository", target: "repository", required: false, many: false } },
  };

  it("creates only the missing blueprints, targets first, and never touches an existing one", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const before = (await port.state()).blueprints.find((b: any) => b.identifier === "artifact");

    const result = await writer.ensureBlueprints([artifactBp, repository, service]);
    expect(result).toEqual({ created: ["service", "repository"], existing: ["artifact"] });

    const log = (await port.requests()).filter((r) => r.path.startsWith("/v1/blueprints"));
    expect(log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${(r.body as any).identifier}`)).toEqual([
      "POST service",
      "POST repository",
    ]);
    const state = (await port.state()).blueprints;
    expect(state.find((b: any) => b.identifier === "artifact")).toEqual(before);
    expect(state.find((b: any) => b.identifier === "repository")).toMatchObject({ relations: { service: { target: "service" } } });

    await port.clearRequests();
    expect(await writer.ensureBlueprints([service, repository])).toEqual({ created: [], existing: ["service", "repository"] });
    expect((await port.requests()).every((r) => r.method === "GET" || r.path === "/v1/auth/access_token")).toBe(true);
  });

  it("counts a blueprint created by someone else meanwhile (409) as existing", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ method: "POST", path: "^/v1/blueprints$", status: 409, body: { ok: false, error: "conflict", message: "exists" } }]);
    expect(await writer.ensureBlueprints([service])).toEqual({ created: [], existing: ["service"] });
  });
});
