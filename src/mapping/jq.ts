import createJq, { type JqModule } from "../vendor/jq.js";
import { loadJqWasm } from "./jq-wasm.ts";

/**
 * Wasm memory only ever grows, and it counts against the isolate's 128 MB. Past this size the
 * instance is dropped after the call so the next call starts from a fresh ~17 MiB one.
 */
export const JQ_MEMORY_RECYCLE_BYTES = 48 * 1024 * 1024;

/** jq exited non-zero: `exitCode` 3 is a compile error, 5 a runtime error; `stderr` is jq's text. */
export class JqError extends Error {
  override name = "JqError";
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(stderr || `jq exited with code ${exitCode}`);
  }
}

export interface RunJqOptions {
  /** Bound as `$name` string variables (`--arg name value`). */
  args?: Record<string, string>;
}

interface Instance {
  jq: JqModule;
  memory: WebAssembly.Memory;
}

let current: Promise<Instance> | undefined;
let wasm: Promise<WebAssembly.Module> | undefined;
let instantiations = 0;

/** How many jq-web instances this isolate has created: a mapping that compiles fully creates none. */
export const jqInstantiations = (): number => instantiations;

async function instantiate(): Promise<Instance> {
  instantiations++;
  wasm ??= loadJqWasm().catch((error: unknown) => {
    wasm = undefined;
    throw error;
  });
  const module = await wasm;
  let memory: WebAssembly.Memory | undefined;
  const jq = await createJq({
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(module, imports);
      memory = instance.exports.memory as WebAssembly.Memory;
      receive(instance, module);
      return {};
    },
  });
  if (!memory) throw new Error("jq-web did not instantiate its wasm module");
  return { jq, memory };
}

function instance(): Promise<Instance> {
  current ??= instantiate().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

/**
 * Runs `jq -c program` on `inputText` (JSON text) and returns one string per output.
 * Throws JqError when jq exits non-zero; any other failure discards the instance.
 */
export async function runJq(program: string, inputText: string, options: RunJqOptions = {}): Promise<string[]> {
  const pending = instance();
  const { jq, memory } = await pending;
  const flags = ["-c"];
  for (const [name, value] of Object.entries(options.args ?? {})) flags.push("--arg", name, value);
  let stdout: string | undefined;
  try {
    stdout = jq.raw(inputText, program, flags);
  } catch (error) {
    const { exitCode, stderr } = error as { exitCode?: unknown; stderr?: unknown };
    if (typeof exitCode === "number") throw new JqError(exitCode, typeof stderr === "string" ? stderr : "");
    if (current === pending) current = undefined;
    throw error;
  } finally {
    if (memory.buffer.byteLength > JQ_MEMORY_RECYCLE_BYTES && current === pending) current = undefined;
  }
  return stdout === undefined || stdout === "" ? [] : stdout.split("\n");
}

/** Bytes of wasm memory held by the live jq instance (0 when none): for status pages and tests. */
export async function jqMemoryBytes(): Promise<number> {
  if (!current) return 0;
  try {
    return (await current).memory.buffer.byteLength;
  } catch {
    return 0;
  }
}
