/**
 * The Backend on a real etcd cluster, over etcd's v3 gRPC API (through the etcd3 package's raw
 * KV and Watch clients). etcd already has exactly our semantics — one global revision,
 * create/mod revisions, MVCC history, compaction — so each call is one etcd request; the only
 * work here is compare-and-swap transactions, key prefixing, paging and error mapping.
 */
import type { Etcd3, IKeyValue, IRangeRequest, IRangeResponse, IResponseHeader } from 'etcd3';
import type {
  Backend,
  DeleteResult,
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  WatchOptions,
  WatchStream,
  WriteResult,
} from '../backend.js';
import { decodeContinue, encodeContinue } from '../continue-token.js';
import { StorageError } from '../errors.js';
import { assertValidKey, assertValidPrefix, assertValidValue } from '../keys.js';
import { findCompactedRevision } from './compaction-probe.js';
import { createEtcdClient, type EtcdTlsOptions } from './etcd-client.js';
import { isEtcdCompacted, toStorageError } from './etcd-errors.js';
import { EtcdKeyCodec, toBuffer } from './etcd-key-codec.js';
import { EtcdWatch } from './etcd-watch.js';

/** How to open an EtcdBackend. */
export interface EtcdBackendOptions {
  /** Client URLs of the cluster's members, all http:// or all https://, e.g. http://127.0.0.1:2379. */
  readonly endpoints: readonly string[];
  /** CA and client certificate for https:// endpoints. */
  readonly tls?: EtcdTlsOptions;
  /** Prepended to every key, so several stores can share one etcd without seeing each other. */
  readonly prefix?: string;
  /** How long open() keeps trying to reach etcd before failing with Unavailable (default 20 s). */
  readonly dialTimeoutMs?: number;
  /** Deadline of each request, and how long a broken watch may fail to reconnect (default 30 s). */
  readonly requestTimeoutMs?: number;
}

const defaultDialTimeoutMs = 20_000;
const defaultRequestTimeoutMs = 30_000;

/** A Backend stored in etcd; see the module comment. */
export class EtcdBackend implements Backend {
  private readonly watches = new Set<EtcdWatch>();
  private closed = false;
  /** The newest revision any response showed us; where a watch "from now" starts. */
  private seenRevision = 0;
  /** A lower bound of etcd's compaction point, raised by our compactions and by watch cancellations. */
  private knownCompacted = 0;

  private constructor(
    private readonly client: Etcd3,
    private readonly codec: EtcdKeyCodec,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Connects and waits until etcd answers; throws Unavailable after `dialTimeoutMs` without an answer. */
  static async open(options: EtcdBackendOptions): Promise<EtcdBackend> {
    const requestTimeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
    const codec = new EtcdKeyCodec(options.prefix ?? '');
    const client = createEtcdClient({ endpoints: options.endpoints, tls: options.tls, requestTimeoutMs });
    const backend = new EtcdBackend(client, codec, requestTimeoutMs);
    try {
      await backend.waitReachable(options.dialTimeoutMs ?? defaultDialTimeoutMs, options.endpoints);
    } catch (err) {
      await backend.close();
      throw err;
    }
    return backend;
  }

  async get(key: string, options: GetOptions = {}): Promise<KeyValue | undefined> {
    assertValidKey(key);
    const revision = options.revision ?? 0;
    const res = await this.range({ key: this.codec.encode(key), revision }, `get ${key}`);
    const kv = res.kvs[0];
    return kv === undefined ? undefined : this.codec.decode(kv);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    assertValidPrefix(prefix);
    let revision = options.revision ?? 0;
    let range = this.codec.prefixRange(prefix);
    if (options.continue !== undefined) {
      const point = decodeContinue(options.continue, prefix);
      revision = point.revision;
      range = this.codec.rangeFrom(point.startKey, prefix);
    }
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : 0;
    const res = await this.range(
      { key: range.key, range_end: range.rangeEnd, revision, limit, count_only: options.countOnly === true },
      `list ${prefix}`,
    );
    // Later pages must read at the first page's revision, so the token pins the one we read at.
    const readAt = revision > 0 ? revision : Number(res.header.revision);
    const items = res.kvs.map((kv) => this.codec.decode(kv));
    const count = Number(res.count);
    const last = items[items.length - 1];
    if (limit > 0 && res.more && last !== undefined) {
      // Keys never contain NUL, so key + "\0" is the very next possible key.
      const token = encodeContinue({ revision: readAt, startKey: `${last.key}\0` });
      return { items, revision: readAt, count, continue: token };
    }
    return { items, revision: readAt, count };
  }

  async create(key: string, value: Uint8Array): Promise<WriteResult> {
    assertValidKey(key);
    assertValidValue(key, value);
    const k = this.codec.encode(key);
    const res = await this.txn(`create ${key}`, {
      compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: k, value: toBuffer(value) } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) return this.conflict(res.responses[0]?.response_range?.kvs[0]);
    const revision = Number(res.header.revision);
    return { succeeded: true, kv: { key, value, createRevision: revision, modRevision: revision } };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<WriteResult> {
    assertValidKey(key);
    assertValidValue(key, value);
    const k = this.codec.encode(key);
    // No stored key has such a mod revision; etcd would reject the malformed compare instead.
    if (!isRevision(expectedModRevision)) {
      return this.conflict((await this.range({ key: k }, `update ${key}`)).kvs[0]);
    }
    const res = await this.txn(`update ${key}`, {
      // A missing key has mod revision 0 in etcd; the version test keeps update from creating it.
      compare: [
        { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
        { key: k, target: 'Version', result: 'Greater', version: 0 },
      ],
      success: [{ request_put: { key: k, value: toBuffer(value), prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) return this.conflict(res.responses[0]?.response_range?.kvs[0]);
    const revision = Number(res.header.revision);
    const prev = res.responses[0]?.response_put?.prev_kv;
    if (!prev) throw new StorageError('Corrupt', `update ${key}: etcd returned no previous value`);
    const prevKv = this.codec.decode(prev);
    return {
      succeeded: true,
      kv: { key, value, createRevision: prevKv.createRevision, modRevision: revision },
      prevKv,
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    assertValidKey(key);
    const k = this.codec.encode(key);
    if (expectedModRevision !== undefined && !isRevision(expectedModRevision)) {
      return this.conflict((await this.range({ key: k }, `delete ${key}`)).kvs[0]);
    }
    const compare =
      expectedModRevision === undefined
        ? [{ key: k, target: 'Version' as const, result: 'Greater' as const, version: 0 }]
        : [
            { key: k, target: 'Mod' as const, result: 'Equal' as const, mod_revision: expectedModRevision },
            { key: k, target: 'Version' as const, result: 'Greater' as const, version: 0 },
          ];
    const res = await this.txn(`delete ${key}`, {
      compare,
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) return this.conflict(res.responses[0]?.response_range?.kvs[0]);
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new StorageError('Corrupt', `delete ${key}: etcd returned no previous value`);
    return { succeeded: true, revision: Number(res.header.revision), prevKv: this.codec.decode(prev) };
  }

  watch(prefix: string, options: WatchOptions = {}): WatchStream {
    assertValidPrefix(prefix);
    this.assertOpen();
    const requested = options.startRevision ?? 0;
    // "From now" must include every write issued after this call returns, yet etcd creates the
    // watch later, asynchronously; starting after the newest revision we have seen closes that gap.
    const startRevision = requested > 0 ? requested : this.seenRevision + 1;
    const watch: EtcdWatch = new EtcdWatch({
      client: this.client.watchClient,
      codec: this.codec,
      prefix,
      startRevision,
      skipCompacted: requested <= 0,
      signal: options.signal,
      reconnectTimeoutMs: this.requestTimeoutMs,
      onCompacted: (rev) => this.noteCompacted(rev),
      onEnd: () => this.watches.delete(watch),
    });
    this.watches.add(watch);
    return watch;
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (!isRevision(revision)) return;
    try {
      // physical: return only once etcd has really dropped the history, so reads below fail at once.
      const res = await this.client.kv.compact({ revision, physical: true });
      this.observe(res.header);
    } catch (err) {
      // Compacting again at or below the compaction point asks for nothing new.
      if (!isEtcdCompacted(err)) throw toStorageError(err, `compact`, revision);
    }
    this.noteCompacted(revision);
  }

  async currentRevision(): Promise<number> {
    const res = await this.range({ key: this.codec.probeKey(), count_only: true }, 'current revision');
    return Number(res.header.revision);
  }

  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    const probe = this.codec.probeKey();
    const found = await findCompactedRevision(
      async (revision) => {
        try {
          await this.range({ key: probe, revision, count_only: true }, 'compacted revision');
          return true;
        } catch (err) {
          if (err instanceof StorageError && err.code === 'Compacted') return false;
          throw err;
        }
      },
      this.knownCompacted,
      current,
    );
    this.noteCompacted(found);
    return this.knownCompacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of [...this.watches]) watch.close();
    this.client.close();
  }

  private async waitReachable(timeoutMs: number, endpoints: readonly string[]): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 50;
    for (;;) {
      const remaining = deadline - Date.now();
      try {
        const res = await this.client.kv.range(
          { key: this.codec.probeKey(), count_only: true },
          { deadline: Date.now() + Math.max(remaining, 1) },
        );
        this.observe(res.header);
        return;
      } catch (err) {
        if (Date.now() + delay >= deadline) {
          const cause = toStorageError(err, 'connect');
          throw new StorageError(
            'Unavailable',
            `etcd at ${endpoints.join(', ')} did not answer within ${timeoutMs} ms: ${cause.message}`,
            { cause: err },
          );
        }
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }

  private async range(req: IRangeRequest, what: string): Promise<IRangeResponse> {
    this.assertOpen();
    try {
      const res = await this.client.kv.range(req);
      this.observe(res.header);
      return res;
    } catch (err) {
      throw this.failure(err, what, Number(req.revision ?? 0));
    }
  }

  private async txn(what: string, req: Parameters<Etcd3['kv']['txn']>[0]): Promise<TxnResponse> {
    this.assertOpen();
    try {
      const res = await this.client.kv.txn(req);
      this.observe(res.header);
      return res;
    } catch (err) {
      throw this.failure(err, what);
    }
  }

  private conflict(current: IKeyValue | undefined): WriteResult & DeleteResult {
    return current === undefined
      ? { succeeded: false }
      : { succeeded: false, current: this.codec.decode(current) };
  }

  private failure(err: unknown, what: string, revision?: number): StorageError {
    // close() cancels calls in flight; their callers should learn why, not see a network error.
    if (this.closed) return new StorageError('Closed', `${what}: the etcd backend is closed`, { cause: err });
    return toStorageError(err, what, revision);
  }

  private observe(header: IResponseHeader): void {
    const revision = Number(header.revision);
    if (revision > this.seenRevision) this.seenRevision = revision;
  }

  private noteCompacted(revision: number): void {
    if (revision > this.knownCompacted) this.knownCompacted = revision;
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('Closed', 'the etcd backend is closed');
  }
}

type TxnResponse = Awaited<ReturnType<Etcd3['kv']['txn']>>;

function isRevision(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}
