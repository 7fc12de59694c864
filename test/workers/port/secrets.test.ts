import { describe, expect, it } from "vitest";
import { TransientWriteError } from "../../../src/port/errors.ts";
import { artifact, CLIENT_SECRET, newPort, upsertOptions, writerFor } from "./support.ts";

/** A server (or proxy) that echoes credentials back must not get them into our errors or failures. */
describe("no credential in any error", () => {
  it("blanks the token and client secret out of per-batch failures and transient errors", async () => {
    const port = await newPort();
    const { writer, tokens } = writerFor(port);
    await writer.upsert([artifact(1)], upsertOptions);
    const token = (await tokens.get())!.accessToken;
    const echo = `got Authorization: Bearer ${token} and clientSecret ${CLIENT_SECRET}`;

    await port.faults([{ path: "/entities/bulk$", status: 400, times: 1, body: { ok: false, error: "bad_request", message: echo } }]);
    const { failed } = await writer.upsert([artifact(2)], upsertOptions);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain("Authorization: Bearer [redacted]");

    await port.faults([{ path: "/entities/bulk$", status: 503, body: { ok: false, error: "unavailable", message: echo } }]);
    const error = await writer.upsert([artifact(3)], upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(TransientWriteError);

    const surfaces = [JSON.stringify(failed), error.message, error.httpError.detail, JSON.stringify(error), String(error.stack)];
    for (const text of surfaces) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });
});
