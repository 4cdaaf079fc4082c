/**
 * The etcd backend against a real etcd (one per file, started here): the shared conformance suite,
 * then what only a networked backend has — several endpoints, an unreachable cluster.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  collectEvents,
  describeBackendConformance,
} from '../../src/storage/conformance/backend-conformance.js';
import { EtcdBackend } from '../../src/storage/etcd/etcd-backend.js';
import { isStorageError } from '../../src/storage/errors.js';
import { startEtcd, type EtcdServer } from '../support/etcd-server.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

let etcd: EtcdServer | undefined;
let opened = 0;

before(async () => {
  etcd = await startEtcd({ name: 'storage-etcd-test' });
});
after(async () => {
  await etcd?.stop();
});

function endpoint(): string {
  if (etcd === undefined) throw new Error('etcd did not start');
  return etcd.endpoint;
}

/** A port nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP proxy to etcd whose connections a test can cut, to break streams without stopping etcd. */
async function cuttableProxy(
  target: string,
): Promise<{ endpoint: string; cut(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address !== null ? address.port : 0;
  const cut = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    cut,
    close: () => {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Each open gets its own key prefix: one etcd serves every test without them seeing each other.
describeBackendConformance('etcd', () =>
  EtcdBackend.open({ endpoints: [endpoint()], prefix: `/k8ts-test-${++opened}` }),
);

describe('EtcdBackend', () => {
  it('works when one of several endpoints does not answer', async () => {
    const bogus = `http://127.0.0.1:${await closedPort()}`;
    const store = await EtcdBackend.open({
      endpoints: [bogus, endpoint()],
      prefix: '/multi',
      dialTimeoutMs: 10_000,
    });
    try {
      // Enough calls that, whatever order the endpoints are tried in, the bogus one is hit.
      let kv = await store.create('/k', enc('0'));
      assert.ok(kv.succeeded);
      for (let i = 1; i <= 10; i++) {
        const next = await store.update('/k', enc(String(i)), kv.kv.modRevision);
        assert.ok(next.succeeded);
        kv = next;
      }
      assert.equal(dec((await store.get('/k'))!.value), '10');
      const controller = new AbortController();
      const seen: string[] = [];
      const watching = (async () => {
        for await (const batch of store.watch('/', {
          startRevision: kv.kv.modRevision,
          signal: controller.signal,
        })) {
          for (const e of batch) seen.push(dec(e.kv.value));
          if (seen.includes('11')) controller.abort();
        }
      })();
      assert.ok((await store.update('/k', enc('11'), kv.kv.modRevision)).succeeded);
      await watching;
      assert.deepEqual(seen, ['10', '11']);
    } finally {
      await store.close();
    }
  });

  it('fails with Unavailable, within its dial timeout, when no etcd answers', async () => {
    const started = Date.now();
    await assert.rejects(
      EtcdBackend.open({ endpoints: [`http://127.0.0.1:${await closedPort()}`], dialTimeoutMs: 500 }),
      (err: unknown) => isStorageError(err, 'Unavailable'),
    );
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('fails requests with Unavailable once etcd goes away, and Closed after close', async () => {
    const own = await startEtcd({ name: 'storage-etcd-gone' });
    let store: EtcdBackend | undefined;
    try {
      store = await EtcdBackend.open({ endpoints: [own.endpoint], requestTimeoutMs: 2000 });
      assert.ok((await store.create('/k', enc('v'))).succeeded);
      const stream = store.watch('/');
      await own.stop();
      await assert.rejects(store.get('/k'), (err: unknown) => isStorageError(err, 'Unavailable'));
      await assert.rejects(
        async () => {
          for await (const _ of stream) {
            /* no more events: the watch can only end */
          }
        },
        (err: unknown) => isStorageError(err, 'Unavailable'),
      );
      await store.close();
      await assert.rejects(store.get('/k'), (err: unknown) => isStorageError(err, 'Closed'));
    } finally {
      await store?.close();
      await own.stop();
    }
  });

  it('a watch whose connection breaks resumes without losing or repeating events', async () => {
    const proxy = await cuttableProxy(endpoint());
    const direct = await EtcdBackend.open({ endpoints: [endpoint()], prefix: '/resume' });
    const viaProxy = await EtcdBackend.open({ endpoints: [proxy.endpoint], prefix: '/resume' });
    try {
      const stream = viaProxy.watch('/');
      const pending = collectEvents(stream, 6, 15_000);
      for (let i = 0; i < 3; i++) assert.ok((await direct.create(`/a${i}`, enc('x'))).succeeded);
      await waitFor(async () => (await viaProxy.list('/')).items.length === 3);
      proxy.cut();
      for (let i = 0; i < 3; i++) assert.ok((await direct.create(`/b${i}`, enc('x'))).succeeded);
      const events = await pending;
      assert.deepEqual(
        events.map((e) => e.kv.key),
        ['/a0', '/a1', '/a2', '/b0', '/b1', '/b2'],
      );
    } finally {
      await viaProxy.close();
      await direct.close();
      await proxy.close();
    }
  });

  it('keeps stores with different prefixes apart', async () => {
    const a = await EtcdBackend.open({ endpoints: [endpoint()], prefix: '/apart-a' });
    const b = await EtcdBackend.open({ endpoints: [endpoint()], prefix: '/apart-b' });
    try {
      assert.ok((await a.create('/k', enc('a'))).succeeded);
      assert.ok((await b.create('/k', enc('b'))).succeeded);
      assert.deepEqual(
        (await a.list('')).items.map((kv) => [kv.key, dec(kv.value)]),
        [['/k', 'a']],
      );
      assert.equal(dec((await b.get('/k'))!.value), 'b');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('rejects endpoints that are not http(s) URLs', async () => {
    await assert.rejects(EtcdBackend.open({ endpoints: ['127.0.0.1:2379'] }), TypeError);
    await assert.rejects(EtcdBackend.open({ endpoints: [] }), TypeError);
  });
});
