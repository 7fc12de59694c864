import type { Limit } from "../runtime/limit.ts";

/** Port's bulk routes take one blueprint per request. */
export function groupByBlueprint<T extends { blueprint: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.blueprint);
    if (group) group.push(item);
    else groups.set(item.blueprint, [item]);
  }
  return groups;
}

/**
 * Runs tasks under `limit`. After the first failure no further task starts, but those in flight
 * finish so their results are recorded; then the first failure is thrown, mapped by `wrap`.
 */
export async function runAll(limit: Limit, tasks: readonly (() => Promise<void>)[], wrap: (error: unknown) => unknown): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(
    tasks.map((task) =>
      limit(async () => {
        if (failure) return;
        try {
          await task();
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure) throw wrap(failure.error);
}
