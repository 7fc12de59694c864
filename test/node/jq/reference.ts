import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import createJq, { type JqModule } from "../../../src/vendor/jq.js";

/** What one jq run gave: every output, then the error it stopped on (the value `catch` receives), if any. */
export interface Outcome {
  outputs: unknown[];
  error?: unknown;
}

let module: WebAssembly.Module | undefined;
let jq: JqModule | undefined;
let calls = 0;

async function instance(): Promise<JqModule> {
  // A fresh instance now and then: jq-web's wasm memory only grows.
  if (jq && calls++ < 400) return jq;
  calls = 0;
  const require = createRequire(import.meta.url);
  // Absent from workers-types (workerd refuses it); Node has it.
  const compile = (WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<WebAssembly.Module> }).compile;
  module ??= await compile(await readFile(require.resolve("jq-web/jq.wasm")));
  const compiled: WebAssembly.Module = module;
  jq = await createJq({
    instantiateWasm(imports, receive) {
      receive(new WebAssembly.Instance(compiled, imports), compiled);
      return {};
    },
  });
  return jq;
}

/** JSON text as jq reads it, -0 included (JSON.stringify drops its sign). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (Object.is(v, -0) ? "\u0000-0\u0000" : v)).replaceAll('"\\u0000-0\\u0000"', "-0");
}

/**
 * Runs `expression` on every input in one jq-web call. The wrapper only adds a `try` around the
 * whole expression, so outputs, their order, `limit`/`label` and the error that stops the
 * expression are jq's own; the error value is what `catch` receives (the message for jq's errors).
 */
export async function reference(expression: string, inputs: unknown[]): Promise<Outcome[] | { compileError: string }> {
  const jqweb = await instance();
  const filter = `.[] | [try ((${expression}\n) | {o: .}) catch {e: .}]`;
  let stdout: string | undefined;
  try {
    stdout = jqweb.raw(jsonText(inputs), filter, ["-c"]);
  } catch (error) {
    const { exitCode, stderr } = error as { exitCode?: number; stderr?: string };
    if (exitCode === 3) return { compileError: stderr ?? "" };
    jq = undefined; // an aborted instance is not reused
    throw error;
  }
  const lines = (stdout ?? "").split("\n").filter((l) => l !== "");
  if (lines.length !== inputs.length) throw new Error(`jq-web gave ${lines.length} results for ${inputs.length} inputs of ${expression}`);
  return lines.map((line) => {
    const entries = JSON.parse(line) as ({ o: unknown } | { e: unknown })[];
    const outcome: Outcome = { outputs: [] };
    for (const entry of entries) {
      if ("o" in entry) outcome.outputs.push(entry.o);
      else outcome.error = entry.e;
    }
    return outcome;
  });
}
