/**
 * Port's search-query form of an identifier, team or relation (`{combinator, rules}`); Port resolves
 * it to existing entities. Entities identified this way are never diffed or reconciled away.
 */
export interface EntitySearchQuery {
  combinator: unknown;
  rules: unknown[];
  [key: string]: unknown;
}

/** A Port entity as produced by a mapping and sent to Port's bulk upsert. */
export interface Entity {
  identifier: string | EntitySearchQuery;
  blueprint: string;
  title?: string | null;
  icon?: string | null;
  team?: unknown;
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
}

/** A problem with one item or one field, kept for /status. `item` is the identifier when known. */
export interface MappingIssue {
  kind: string;
  resourceIndex: number;
  item?: string;
  field: string;
  message: string;
}

export interface MappedEntity {
  entity: Entity;
  resourceIndex: number;
  /** Index of the raw item it came from in the mapped array (with itemsToParse, several share one). */
  item?: number;
}

export interface MappedPage {
  /** Entities whose selector passed. */
  entities: MappedEntity[];
  /** With `parseAll`: entities whose selector did not pass, so live events can delete them. */
  rejected: MappedEntity[];
  issues: MappingIssue[];
  /** Items skipped because the identifier or blueprint came out empty (Ocean counts these). */
  skipped: number;
  /** Items the selector filtered out. */
  filtered: number;
}
