export type JqValue = null | boolean | number | string | JqValue[] | { [key: string]: JqValue };

export interface JqProgram {
  /** Every output in order; throws JqRuntimeError where jq would fail at run time. */
  all(input: JqValue, vars?: Record<string, JqValue>): JqValue[];
  /** Only the first output, without evaluating the rest (Ocean keeps the first); undefined when there is none. Throws like all() if jq would fail before the first output. */
  first(input: JqValue, vars?: Record<string, JqValue>): JqValue | undefined;
}
