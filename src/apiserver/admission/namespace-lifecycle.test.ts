import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import { testAttributes } from './plugins/test-attributes.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { serviceAccountGetter, type ResourceLookup } from './registry-lookups.js';

const ns = (name: string, phase = 'Active'): KubeObject => ({ metadata: { name }, status: { phase } });
const pod: KubeObject = { metadata: { name: 'p', namespace: 'app' } };

describe('NamespaceLifecycle', () => {
  it('refuses creates in a missing namespace after asking storage, and in a terminating one', async () => {
    const live: string[] = [];
    const plugin = namespaceLifecycle({
      cachedNamespace: (n) => (n === 'gone' ? ns('gone', 'Terminating') : undefined),
      liveNamespace: async (n) => {
        live.push(n);
        return n === 'fresh' ? ns('fresh') : undefined;
      },
    });
    await assert.rejects(
      plugin.mutate!(testAttributes({ resource: 'pods', namespace: 'none' }), pod, undefined),
      {
        message: 'namespaces "none" not found',
      },
    );
    // Not cached yet, but stored: admitted.
    await plugin.mutate!(testAttributes({ resource: 'pods', namespace: 'fresh', name: 'p' }), pod, undefined);
    assert.deepEqual(live, ['none', 'fresh']);
    await assert.rejects(
      plugin.mutate!(testAttributes({ resource: 'pods', namespace: 'gone', name: 'p' }), pod, undefined),
      (err: Error & { status?: { code?: number; details?: { causes?: unknown[] } } }) => {
        assert.equal(
          err.message,
          'pods "p" is forbidden: unable to create new content in namespace gone because it is being terminated',
        );
        assert.equal(err.status?.code, 403);
        assert.deepEqual(err.status?.details?.causes, [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace gone is being terminated',
            field: 'metadata.namespace',
          },
        ]);
        return true;
      },
    );
    // Updates and deletes in a terminating namespace go on.
    await plugin.mutate!(
      testAttributes({ resource: 'pods', namespace: 'gone', name: 'p', operation: 'UPDATE' }),
      pod,
      pod,
    );
  });

  it('keeps the system namespaces and distrusts the cache right after a namespace delete', async () => {
    let stored = ns('app');
    const plugin = namespaceLifecycle({
      cachedNamespace: () => ns('app'),
      liveNamespace: async () => stored,
    });
    const del = (name: string) =>
      testAttributes({ resource: 'namespaces', namespaced: false, namespace: '', name, operation: 'DELETE' });
    await assert.rejects(plugin.mutate!(del('kube-system'), ns('kube-system'), undefined), {
      message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    });
    await plugin.mutate!(del('app'), ns('app'), undefined);
    stored = ns('app', 'Terminating');
    await assert.rejects(
      plugin.mutate!(testAttributes({ resource: 'pods', namespace: 'app', name: 'p' }), pod, undefined),
      { message: /because it is being terminated/ },
    );
  });
});

describe('serviceAccountGetter', () => {
  const lookup = (liveAfter: number): ResourceLookup & { reads: number } => {
    const l = {
      reads: 0,
      cached: () => undefined,
      cachedList: () => [],
      get: async () => undefined,
      live: async (namespace: string, name: string) => {
        l.reads++;
        return l.reads >= liveAfter ? { metadata: { namespace, name } } : undefined;
      },
    };
    return l;
  };

  it('waits for the default account its controller is about to create', async () => {
    const sas = lookup(4);
    const get = serviceAccountGetter(sas, async () => {});
    assert.equal((await get('app', 'default'))?.metadata?.name, 'default');
    assert.equal(sas.reads, 4);
  });

  it('looks other accounts up once, and gives up on default after ten reads', async () => {
    const sas = lookup(100);
    const get = serviceAccountGetter(sas, async () => {});
    assert.equal(await get('app', 'builder'), undefined);
    assert.equal(sas.reads, 1);
    assert.equal(await get('app', 'default'), undefined);
    assert.equal(sas.reads, 11);
  });
});
