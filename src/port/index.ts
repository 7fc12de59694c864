export type { BlueprintDefinition, EnsureResult } from "./blueprints.ts";
export type { DeleteOptions } from "./delete.ts";
export { PortResponseError, TransientWriteError } from "./errors.ts";
export type { ListOwnedOptions, OwnedPage } from "./owned.ts";
export { memoryTokenStore, type CachedToken, type TokenStore } from "./token.ts";
export type { DeleteResult, EntityRef, UpsertResult, WriteFailure } from "./types.ts";
export type { UpsertOptions } from "./upsert.ts";
export { ownershipFor, userAgentFor, type Datasource, type Ownership, type Writer } from "./user-agent.ts";
export { createPortWriter, type PortWriter, type PortWriterOptions } from "./writer.ts";
