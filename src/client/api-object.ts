/**
 * The least the client and informers read from an API object. Every kubernetes-types interface
 * (Pod, ConfigMap, ...) and the api layer's KubeObject satisfy it, so `client.resource<Pod>(...)`
 * type-checks without casts.
 */
export interface ApiObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly generateName?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/** One page of a LIST: the items plus the list's resourceVersion and continue token. */
export interface ObjectList<T> {
  readonly items: T[];
  /** The version the list was read at; a watch started from it misses nothing. */
  readonly resourceVersion: string;
  /** Set when more pages follow; pass it back as `continue`. */
  readonly continue?: string;
  readonly remainingItemCount?: number;
}
