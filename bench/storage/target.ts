/**
 * What the storage benchmark drives: the few operations every backend and raw etcd offer, reduced
 * to the shape a workload needs. Each adapter must do the real, durable operation.
 */
export interface StorageTarget {
  readonly name: string;
  /** Creates `key`; resolves to its mod revision. */
  create(key: string, value: Uint8Array): Promise<number>;
  /** Compare-and-swap update; resolves to the new mod revision, or undefined on a conflict. */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<number | undefined>;
  /** Reads `key`; resolves to its mod revision, or undefined. */
  get(key: string): Promise<number | undefined>;
  /** Lists every key under `prefix`; resolves to the count returned. */
  list(prefix: string): Promise<number>;
  /** Watches `prefix`; calls `onEvent` with each event's key as it arrives. Resolves once the watch is established. */
  watch(prefix: string, onEvent: (key: string) => void, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
