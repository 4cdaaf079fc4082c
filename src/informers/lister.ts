import type { ApiObject } from '../client/index.js';
import type { Selector } from '../machinery/labels/index.js';
import { namespaceIndex, type Indexer } from './indexer.js';
import { keyFor } from './object-key.js';

/** The filter a selector means for the indexer; none when it selects everything. */
function matcher<T extends ApiObject>(selector: Selector | undefined): ((o: T) => boolean) | undefined {
  if (selector === undefined || selector.isEmpty()) return undefined;
  return (o) => selector.matches(o.metadata?.labels);
}

/** Reads of one namespace through a Lister. */
export interface NamespaceLister<T> {
  /** The object named `name` in the namespace, if cached. */
  get(name: string): T | undefined;
  /** Cached objects of the namespace whose labels match `selector` (all without one). */
  list(selector?: Selector): T[];
}

/** Settings of a Lister. */
export interface ListerOptions<T extends ApiObject> {
  readonly indexer: Indexer<T>;
}

/**
 * Read access to an informer's cache, client-go's generated listers made generic. Returned objects
 * are the cache's own: copy before changing one (they are frozen under test).
 */
export class Lister<T extends ApiObject> {
  private readonly indexer: Indexer<T>;

  constructor(options: ListerOptions<T>) {
    this.indexer = options.indexer;
  }

  /** The cached object; `namespace` is "" for cluster-scoped resources. */
  get(namespace: string, name: string): T | undefined {
    return this.indexer.getByKey(keyFor(namespace, name));
  }

  /** Every cached object whose labels match `selector` (all without one). */
  list(selector?: Selector): T[] {
    return this.indexer.list(matcher(selector));
  }

  /** Cached objects filed under `value` in the index `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value);
  }

  /** Reads scoped to one namespace (served by the namespace index). */
  namespace(namespace: string): NamespaceLister<T> {
    return {
      get: (name) => this.get(namespace, name),
      list: (selector) => this.indexer.byIndex(namespaceIndex, namespace, matcher(selector)),
    };
  }
}
