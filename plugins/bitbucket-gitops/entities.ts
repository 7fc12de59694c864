import * as v from "valibot";
import { parseAllDocuments, YAMLError } from "yaml";

/** A port.yaml larger than this is refused unread: Workers have 128 MB and many files per tick. */
export const MAX_FILE_BYTES = 256 * 1024;
/** YAML aliases can multiply a small file into a huge value ("billion laughs"). */
const MAX_ALIASES = 50;

/** Port's identifier rule: Unicode letters, digits and `@ _ . + : \ / = -`, not `.` or `..`. */
const ENTITY_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const BLUEPRINT_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/-]+$/u;

const RelationTarget = v.pipe(v.string("must be an identifier"), v.regex(ENTITY_ID, "is not a valid Port identifier"));

/** valibot's record takes a list as a map of "0", "1", …: Port would refuse those names later, unnamed. */
const map = <T extends v.GenericSchema>(value: T, message: string) =>
  v.pipe(
    v.custom<unknown>((input) => !Array.isArray(input), message),
    v.record(v.string(), value, message),
  );

/** One entity as Port's GitOps port.yaml declares it; other keys (team, icon) pass through. */
export const FileEntitySchema = v.looseObject({
  identifier: v.pipe(
    v.string("must be a string"),
    v.maxLength(1000, "must be at most 1000 characters"),
    v.regex(ENTITY_ID, "is not a valid Port identifier (letters, digits and @_.+:\\/=-)"),
  ),
  title: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty")),
  blueprint: v.pipe(
    v.string("must be a string"),
    v.maxLength(100, "must be at most 100 characters"),
    v.regex(BLUEPRINT_ID, "is not a valid blueprint identifier"),
  ),
  properties: v.optional(map(v.unknown(), "must be a map of property names to values"), {}),
  relations: v.optional(
    map(
      v.union([RelationTarget, v.array(RelationTarget), v.null()], "must be an identifier, a list of them, or null"),
      "must be a map of relation names to identifiers",
    ),
    {},
  ),
});
export type FileEntity = v.InferOutput<typeof FileEntitySchema>;

export interface EntityProblem {
  /** Position in the file's list (0 for a single entity). */
  index: number;
  identifier?: string;
  field: string;
  message: string;
}

export type ParsedFile =
  | { ok: true; entities: FileEntity[]; problems: EntityProblem[]; declared: { identifier: string; blueprint: string }[] }
  | { ok: false; message: string };

function fieldOf(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  return keys.length > 0 ? keys.join(".") : "(entity)";
}

/**
 * A port.yaml holds one entity or a list of them. A file that is not YAML, too large, or neither
 * shape is refused whole; each entity is validated on its own, so one bad entity costs only itself.
 * `declared` names every entity the file mentions with a usable identifier and blueprint, valid or
 * not, so nobody deletes an entity whose declaration is only broken.
 */
export function parseEntities(text: string): ParsedFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_FILE_BYTES) return { ok: false, message: `file is ${bytes} bytes, more than the ${MAX_FILE_BYTES} allowed` };
  let data: unknown;
  try {
    const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
    if (documents.length > 1) return { ok: false, message: "invalid YAML: more than one document (---)" };
    const document = documents[0];
    if (!document) return { ok: true, entities: [], problems: [], declared: [] };
    const error = document.errors[0];
    if (error) return { ok: false, message: `invalid YAML: ${error.message}` };
    data = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const message = err instanceof YAMLError || err instanceof Error ? err.message : String(err);
    return { ok: false, message: `invalid YAML: ${message}` };
  }
  if (data === null || data === undefined) return { ok: true, entities: [], problems: [], declared: [] };
  if (typeof data !== "object") return { ok: false, message: `expected an entity or a list of entities, got a ${typeof data}` };
  const list: unknown[] = Array.isArray(data) ? data : [data];

  const entities: FileEntity[] = [];
  const problems: EntityProblem[] = [];
  const declared: { identifier: string; blueprint: string }[] = [];
  list.forEach((raw, index) => {
    const named = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const identifier = typeof named.identifier === "string" ? named.identifier : undefined;
    if (identifier && typeof named.blueprint === "string") declared.push({ identifier, blueprint: named.blueprint });
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.push({ index, field: "(entity)", message: "must be a map with identifier, title and blueprint" });
      return;
    }
    const result = v.safeParse(FileEntitySchema, raw);
    if (result.success) entities.push(result.output);
    else {
      for (const issue of result.issues) {
        const message = issue.input === undefined ? "is required" : issue.message;
        problems.push({ index, ...(identifier && { identifier }), field: fieldOf(issue), message });
      }
    }
  });
  return { ok: true, entities, problems, declared };
}
