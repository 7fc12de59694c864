/** Where an entity lives in Port: identifiers are unique per blueprint only. */
export interface EntityRef {
  identifier: string;
  blueprint: string;
}

/** One entity Port refused, or that a whole-request error took down with its batch. */
export interface WriteFailure extends EntityRef {
  /** HTTP status of the entity's result, or of the whole request. */
  status: number;
  /** Port's machine-readable code, e.g. `not_found`. */
  error: string;
  message: string;
}

export interface UpsertResult {
  written: EntityRef[];
  failed: WriteFailure[];
}

export interface DeleteResult {
  deleted: EntityRef[];
  failed: WriteFailure[];
}
