/**
 * The only runtime-specific part of jq: obtaining the compiled jq.wasm.
 * workerd forbids compiling wasm from bytes, so there the bundler's CompiledWasm rule must hand us
 * a precompiled module; Node and Deno read the file next to jq-web and compile it themselves.
 */
export async function loadJqWasm(): Promise<WebAssembly.Module> {
  const runtime = globalThis as { navigator?: { userAgent?: string } };
  if (runtime.navigator?.userAgent === "Cloudflare-Workers") {
    return (await import("jq-web/jq.wasm")).default;
  }
  const meta = import.meta as ImportMeta & { resolve(specifier: string): string };
  return compile(await readBytes(new URL(meta.resolve("jq-web/jq.wasm"))));
}

// Absent from workers-types because workerd refuses it; present in Node and Deno.
function compile(bytes: BufferSource): Promise<WebAssembly.Module> {
  return (WebAssembly as unknown as { compile(bytes: BufferSource): Promise<WebAssembly.Module> }).compile(bytes);
}

async function readBytes(url: URL): Promise<BufferSource> {
  if ("Deno" in globalThis) return (await fetch(url)).arrayBuffer();
  // Node's fetch cannot read file: URLs. A computed specifier keeps bundlers from resolving node:fs.
  const fsModule = "node:fs/promises";
  const fs = (await import(/* @vite-ignore */ fsModule)) as {
    readFile(url: URL): Promise<Uint8Array>;
  };
  return fs.readFile(url);
}
