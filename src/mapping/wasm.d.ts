// wrangler's default CompiledWasm rule (and vitest-pool-workers) turn a .wasm import into a module.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
