/** The annotation on the BOOKMARK that ends a watch-list's initial events. */
export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

/** What a BOOKMARK carries: only a resourceVersion (and the initial-events-end annotation). */
export interface BookmarkObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly resourceVersion: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/** One watch event; ERROR events are not events here, the stream throws them as StatusErrors. */
export type WatchEvent<T> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: T }
  | { readonly type: 'BOOKMARK'; readonly object: BookmarkObject };

/** True for the BOOKMARK that marks the end of a watch-list's initial events. */
export function isInitialEventsEnd<T>(event: WatchEvent<T>): boolean {
  return (
    event.type === 'BOOKMARK' && event.object.metadata.annotations?.[initialEventsEndAnnotation] === 'true'
  );
}
