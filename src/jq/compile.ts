import { JqUnsupportedError } from "./errors.ts";
import type { JqProgram } from "./types.ts";

/** Parses and compiles once; the program is reused for every item. `vars` names the $variables the caller will pass. */
export function compileJq(source: string, options: { vars?: readonly string[] } = {}): JqProgram {
  void source;
  void options;
  throw new JqUnsupportedError("compiler not built yet");
}

/** Whether compileJq accepts the source natively (false for syntax errors and unsupported features). */
export function isSupported(source: string, options: { vars?: readonly string[] } = {}): boolean {
  try {
    compileJq(source, options);
    return true;
  } catch {
    return false;
  }
}
