import { describe, expect, it } from "vitest";
import { TransientWriteError } from "../../../src/port/errors.ts";
import { artifact, newPort, UA, upsertOptions, writerFor } from "./support.ts";

const isDelete = (r: { path: string }) => /\/bulk\/entities\/delete$/.test(r.path);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const refOf = (i: number) => ({ identifier: artifact(i).identifier as string, blueprint: "artifact" });

describe("PortWriter.delete", () => {
  it("deletes in requests of at most 100 ids, and an unknown id counts as gone", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await writer.upsert(range(230).map((i) => artifact(i)), upsertOptions);
    await port.clearRequests();

    const refs = [...range(230).map(refOf), refOf(9999)];
    const result = await writer.delete(refs, { deleteDependents: false, userAgent: UA });
    expect(result.failed).toEqual([]);
    expect(result.deleted).toHaveLength(231);
    const deletes = (await port.requests()).filter(isDelete);
    expect(deletes.map((r) => (r.body as any).entities.length).sort()).toEqual([100, 100, 31]);
    for (const r of deletes) {
      expect(r.query).toBe("?delete_dependents=false");
      expect(r.headers["user-agent"]).toBe(UA);
    }
    expect((await port.state()).entities.filter((e: any) => e.blueprint === "artifact")).toEqual([]);
  });

  it("treats a 404 as already gone and records refusals per entity", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await writer.upsert([artifact(1)], upsertOptions);

    const gone = await writer.delete([{ identifier: "x", blueprint: "no-such-blueprint" }], { deleteDependents: false, userAgent: UA });
    expect(gone).toEqual({ deleted: [{ identifier: "x", blueprint: "no-such-blueprint" }], failed: [] });

    // p1 has a dependent (artifact 1 points at it): without delete_dependents Port deletes nothing.
    const refused = await writer.delete([{ identifier: "p1", blueprint: "project" }], { deleteDependents: false, userAgent: UA });
    expect(refused.deleted).toEqual([]);
    expect(refused.failed).toEqual([expect.objectContaining({ identifier: "p1", blueprint: "project", error: "has_dependents" })]);

    const cascaded = await writer.delete([{ identifier: "p1", blueprint: "project" }], { deleteDependents: true, userAgent: UA });
    expect(cascaded.deleted).toEqual([{ identifier: "p1", blueprint: "project" }]);
    expect((await port.state()).entities).toEqual([]);
  });

  it("retries a batch one by one when Port answers 404 for it, so live entities still go", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await writer.upsert(range(3).map((i) => artifact(i)), upsertOptions);
    // A Port that refuses a whole batch with 404 when one id in it is unknown.
    await port.faults([{ path: "/bulk/entities/delete$", status: 404, times: 1 }]);
    const result = await writer.delete([...range(3).map(refOf), refOf(9999)], { deleteDependents: false, userAgent: UA });
    expect(result.failed).toEqual([]);
    expect(result.deleted).toHaveLength(4);
    expect((await port.requests()).filter(isDelete).map((r) => (r.body as any).entities.length)).toEqual([4, 1, 1, 1, 1]);
    expect((await port.state()).entities.filter((e: any) => e.blueprint === "artifact")).toEqual([]);
  });

  it("throws TransientWriteError when Port keeps failing", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/bulk/entities/delete$", status: 500 }]);
    const error = await writer.delete([refOf(1)], { deleteDependents: false, userAgent: UA }).catch((e) => e);
    expect(error).toBeInstanceOf(TransientWriteError);
    expect((await port.requests()).filter(isDelete)).toHaveLength(4);
  });
});
