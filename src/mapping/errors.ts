/** One thing wrong with a port-app-config: where (resource, field) and what. */
export interface ConfigProblem {
  resourceIndex?: number;
  /** Dotted path inside the resource (or the file, without a resource), e.g. `port.entity.mappings.title`. */
  field?: string;
  /** The resource's kind, for a problem only its kind can see (a selector its schema refuses). */
  kind?: string;
  message: string;
}

/** A port-app-config that cannot be used; the message names the source, resource, field and problem. */
export class MappingConfigError extends Error {
  override name = "MappingConfigError";
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${source}: ${problems.map(describeProblem).join("; ")}`);
  }
}

function describeProblem(problem: ConfigProblem): string {
  const where = [
    problem.resourceIndex === undefined ? undefined : `resources[${problem.resourceIndex}]`,
    problem.field,
  ]
    .filter((part) => part !== undefined && part !== "")
    .join(".");
  const located = problem.kind === undefined ? where : `${where} of kind ${problem.kind}`;
  return located === "" ? problem.message : `${located}: ${problem.message}`;
}
