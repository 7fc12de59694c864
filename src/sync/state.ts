import type { StateStore } from "../state/store.ts";
import { emptySyncState, type SyncState } from "./types.ts";

export const syncKeys = {
  lease: "lease",
  sync: "sync",
  request: (plugin: string) => `resync-request:${plugin}`,
  /** When a webhook last left work undone: the next cycle starts as soon as none is running. */
  followUp: (plugin: string) => `resync-follow-up:${plugin}`,
};

export async function loadSyncState(store: StateStore): Promise<SyncState> {
  const found = await store.get<SyncState>(syncKeys.sync);
  // A state of another layout (an older release) is dropped: the next cycle rebuilds everything.
  return found?.version === 1 ? found : emptySyncState();
}

export function saveSyncState(store: StateStore, state: SyncState): Promise<void> {
  return store.set(syncKeys.sync, state);
}
