import { describe, expect, it } from "vitest";
import { ownershipFor, userAgentFor } from "../../../src/port/user-agent.ts";

describe("userAgentFor / ownershipFor", () => {
  const writer = { plugin: "harbor", instance: "prod", kind: "artifact", datasource: "exporter" } as const;

  it("puts the version between a fixed prefix and suffix", () => {
    expect(userAgentFor({ ...writer, version: "1.2.0" })).toBe("portside/harbor/1.2.0/prod/artifact/exporter");
    expect(ownershipFor(writer)).toEqual({ datasourcePrefix: "portside/harbor/", datasourceSuffix: "/prod/artifact/exporter" });
  });

  it("matches its own UA across versions and no other writer's", () => {
    const { datasourcePrefix, datasourceSuffix } = ownershipFor(writer);
    const owns = (ua: string) => ua.startsWith(datasourcePrefix) && ua.endsWith(datasourceSuffix);
    expect(owns(userAgentFor({ ...writer, version: "1.0.0" }))).toBe(true);
    expect(owns(userAgentFor({ ...writer, version: "2.0.0-rc.1" }))).toBe(true);
    expect(owns(userAgentFor({ ...writer, plugin: "harbor2", version: "1" }))).toBe(false);
    expect(owns(userAgentFor({ ...writer, instance: "staging", version: "1" }))).toBe(false);
    expect(owns(userAgentFor({ ...writer, kind: "sub-artifact", version: "1" }))).toBe(false);
    expect(owns(userAgentFor({ ...writer, datasource: "gitops", version: "1" }))).toBe(false);
  });

  it("refuses segments that could blur the boundaries", () => {
    expect(() => userAgentFor({ ...writer, instance: "a/b", version: "1" })).toThrow(/instance/);
    expect(() => userAgentFor({ ...writer, version: "" })).toThrow(/version/);
    expect(() => ownershipFor({ ...writer, kind: "pull request" })).toThrow(/kind/);
  });
});
