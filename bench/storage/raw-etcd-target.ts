import { Etcd3 } from 'etcd3';
import type { StorageTarget } from './target.js';

/**
 * Drives etcd directly with the etcd3 client, doing what an apiserver does per operation (Txn
 * compare-and-swap for writes, Range for reads): the reference our backends are compared to.
 */
export function rawEtcdTarget(endpoint: string): StorageTarget {
  // Lists of 10,000 keys exceed gRPC's default 4 MiB message limit, as they do for our etcd backend.
  const client = new Etcd3({ hosts: [endpoint], grpcOptions: { 'grpc.max_receive_message_length': -1 } });
  const kv = client.kv;
  const key = (k: string) => Buffer.from(k);
  return {
    name: 'etcd-raw',
    async create(k, value) {
      const r = await kv.txn({
        compare: [{ key: key(k), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: key(k), value: Buffer.from(value) } }],
        failure: [],
      });
      if (!r.succeeded) throw new Error(`create ${k}: key exists`);
      return Number(r.header.revision);
    },
    async update(k, value, expected) {
      const r = await kv.txn({
        compare: [{ key: key(k), target: 'Mod', result: 'Equal', mod_revision: expected }],
        success: [{ request_put: { key: key(k), value: Buffer.from(value) } }],
        failure: [{ request_range: { key: key(k) } }],
      });
      return r.succeeded ? Number(r.header.revision) : undefined;
    },
    async get(k) {
      const r = await kv.range({ key: key(k) });
      const found = r.kvs[0];
      return found === undefined ? undefined : Number(found.mod_revision);
    },
    async list(prefix) {
      const end = Buffer.from(prefix);
      end[end.length - 1]!++;
      const r = await kv.range({ key: key(prefix), range_end: end });
      return r.kvs.length;
    },
    async watch(prefix, onEvent, signal) {
      const watcher = await client.watch().prefix(prefix).create();
      watcher.on('put', (e) => onEvent(e.key.toString()));
      watcher.on('delete', (e) => onEvent(e.key.toString()));
      signal.addEventListener('abort', () => void watcher.cancel(), { once: true });
    },
    async close() {
      client.close();
    },
  };
}
