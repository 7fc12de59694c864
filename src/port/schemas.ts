import * as v from "valibot";
import { PortResponseError } from "./errors.ts";

/** The parts of Port's answers the writer relies on; anything else in them may change freely. */

export const TokenResponse = v.looseObject({
  accessToken: v.pipe(v.string(), v.minLength(1)),
  expiresIn: v.pipe(v.number(), v.minValue(0)),
  tokenType: v.string(),
});

const Index = v.pipe(v.number(), v.integer(), v.minValue(0));

export const BulkUpsertResponse = v.looseObject({
  entities: v.array(v.looseObject({ identifier: v.string(), index: Index })),
  errors: v.array(
    v.looseObject({
      index: Index,
      statusCode: v.number(),
      error: v.string(),
      message: v.optional(v.string()),
    }),
  ),
});

export const BulkDeleteResponse = v.looseObject({
  deletedEntities: v.array(v.string()),
});

export const OwnedEntity = v.looseObject({
  identifier: v.string(),
  blueprint: v.string(),
});

export const DatasourceEntitiesPage = v.looseObject({
  entities: v.array(OwnedEntity),
  next: v.nullish(v.string()),
});

export function parseResponse<S extends v.GenericSchema>(schema: S, data: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  throw new PortResponseError(`unexpected ${what} from Port${where ? ` at ${where}` : ""}: ${issue?.message ?? "invalid"}`);
}
