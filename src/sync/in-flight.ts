/**
 * Webhook events this isolate is applying, by deployment, plugin and the event's key. Senders
 * retry and duplicate deliveries (some up to 3 times an event, and again when their timeout passes):
 * an identical event arriving while the first is still being applied would only repeat its reads
 * and writes. One arriving after it finished is applied again, since the source may have changed.
 */
const applying = new Set<string>();

export interface Flight {
  /** False when an identical event is already being applied. */
  readonly first: boolean;
  land(): void;
}

export function takeOff(instance: string, plugin: string, key: string | undefined): Flight {
  if (key === undefined) return { first: true, land() {} };
  const id = `${instance}\u0000${plugin}\u0000${key}`;
  if (applying.has(id)) return { first: false, land() {} };
  applying.add(id);
  return { first: true, land: () => void applying.delete(id) };
}
