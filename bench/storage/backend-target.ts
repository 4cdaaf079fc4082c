import type { Backend } from '../../src/storage/backend.js';
import type { StorageTarget } from './target.js';

/** Drives one of our Backend implementations. */
export function backendTarget(name: string, backend: Backend): StorageTarget {
  return {
    name,
    async create(key, value) {
      const r = await backend.create(key, value);
      if (!r.succeeded) throw new Error(`create ${key}: key exists`);
      return r.kv.modRevision;
    },
    async update(key, value, expected) {
      const r = await backend.update(key, value, expected);
      return r.succeeded ? r.kv.modRevision : undefined;
    },
    async get(key) {
      return (await backend.get(key))?.modRevision;
    },
    async list(prefix) {
      return (await backend.list(prefix)).items.length;
    },
    async watch(prefix, onEvent, signal) {
      const stream = backend.watch(prefix, { signal });
      void (async () => {
        for await (const batch of stream) for (const e of batch) onEvent(e.kv.key);
      })();
    },
    close: () => backend.close(),
  };
}
