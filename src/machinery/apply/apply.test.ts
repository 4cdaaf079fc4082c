import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../errors/status-error.js';
import { apply } from './apply.js';
import { customResourceType } from './custom-resource-type.js';
import {
  applied,
  at,
  conflicting,
  copy,
  deployment,
  deploymentType,
  owners,
  template,
  updated,
  widgetType,
} from './apply-test-support.js';
import type { ManagedFieldsEntry } from './managed-fields-entry.js';

const web = (image: string, more: Record<string, unknown> = {}) => ({ name: 'web', image, ...more });
const selector = { matchLabels: { app: 'web' } };
const base = (replicas: number, image = 'nginx:1') =>
  deployment({ replicas, selector, template: template(web(image)) });

describe('apply: create and re-apply', () => {
  it('creates the object and makes the applier own exactly its configuration', () => {
    const o = applied(undefined, base(1), 'kubectl');
    assert.deepEqual(o['spec'], base(1)['spec']);
    const entries = o.metadata?.managedFields as ManagedFieldsEntry[];
    assert.equal(entries.length, 1);
    assert.deepEqual(
      { ...entries[0], fieldsV1: undefined },
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: undefined,
      },
    );
    assert.deepEqual(owners(o), {
      'kubectl/Apply': [
        '.spec.replicas',
        '.spec.selector',
        '.spec.template.metadata.labels.app',
        '.spec.template.spec.containers[name="web"]',
        '.spec.template.spec.containers[name="web"].image',
        '.spec.template.spec.containers[name="web"].name',
      ],
    });
  });

  it('re-applying the same configuration changes nothing, not even the entry time', () => {
    const first = applied(undefined, base(1), 'kubectl');
    const again = applied(first, base(1), 'kubectl', { now: at(5) });
    assert.deepEqual(again, first);
  });

  it('moves the entry time only when the object changes', () => {
    const first = applied(undefined, base(1), 'kubectl');
    const next = applied(first, base(2), 'kubectl', { now: at(5) });
    assert.equal((next.metadata?.managedFields as ManagedFieldsEntry[])[0]?.time, '2025-01-01T00:05:00Z');
  });
});

describe('apply: removing what the applier no longer applies', () => {
  it('removes fields, map entries and list elements it applied before', () => {
    const first = applied(
      undefined,
      deployment(
        {
          replicas: 1,
          paused: true,
          selector,
          template: template(
            web('a', {
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            }),
            { name: 'side', image: 's' },
          ),
        },
        { labels: { app: 'web', tier: 'fe' } },
      ),
      'kubectl',
    );
    const second = applied(
      first,
      deployment(
        { replicas: 1, selector, template: template(web('a', { env: [{ name: 'A', value: '1' }] })) },
        { labels: { app: 'web' } },
      ),
      'kubectl',
    );
    assert.deepEqual(second.metadata?.labels, { app: 'web' });
    assert.equal((second['spec'] as Record<string, unknown>)['paused'], undefined);
    assert.deepEqual(
      (second['spec'] as { template: unknown }).template,
      template(web('a', { env: [{ name: 'A', value: '1' }] })),
    );
  });

  it('removes a whole struct it applied, defaults and all', () => {
    const first = applied(
      undefined,
      deployment({ selector, strategy: { type: 'Recreate' }, template: template(web('a')) }),
      'kubectl',
    );
    // The server defaults fields nobody owns.
    const stored = copy(first);
    (stored['spec'] as Record<string, unknown>)['revisionHistoryLimit'] = 10;
    const second = applied(stored, deployment({ selector, template: template(web('a')) }), 'kubectl');
    assert.deepEqual(second['spec'], { selector, template: template(web('a')), revisionHistoryLimit: 10 });
  });

  it('keeps a field another applier also applies with the same value; both own it', () => {
    const a = applied(undefined, deployment({ replicas: 2 }, { labels: { shared: 'x', a: '1' } }), 'alice');
    const both = applied(a, deployment(undefined, { labels: { shared: 'x' } }), 'bob');
    assert.deepEqual(owners(both), {
      'alice/Apply': ['.metadata.labels.a', '.metadata.labels.shared', '.spec.replicas'],
      'bob/Apply': ['.metadata.labels.shared'],
    });
    const dropped = applied(both, deployment({ replicas: 2 }, { labels: { a: '1' } }), 'alice');
    assert.deepEqual(dropped.metadata?.labels, { a: '1', shared: 'x' });
    assert.deepEqual(owners(dropped)['bob/Apply'], ['.metadata.labels.shared']);
  });

  it('keeps what an Update manager changed since', () => {
    const first = applied(undefined, deployment(undefined, { labels: { a: '1' } }), 'kubectl');
    const edited = updated(
      first,
      { ...first, metadata: { ...first.metadata, labels: { a: '2' } } },
      'kubectl-edit',
    );
    const second = applied(edited, deployment(undefined, { annotations: { n: 'x' } }), 'kubectl');
    assert.deepEqual(second.metadata?.labels, { a: '2' });
  });
});

describe('apply: list merging', () => {
  it('merges containers by name and keeps containers others added', () => {
    const first = applied(undefined, base(1, 'nginx:1'), 'kubectl');
    const withSidecar = copy(first);
    (withSidecar['spec'] as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({
      name: 'mesh',
      image: 'envoy',
    });
    const injected = updated(first, withSidecar, 'injector');
    const second = applied(injected, base(1, 'nginx:2'), 'kubectl');
    assert.deepEqual(
      (second['spec'] as { template: unknown }).template,
      template(web('nginx:2'), { name: 'mesh', image: 'envoy' }),
    );
    assert.deepEqual(owners(second)['injector/Update'], [
      '.spec.template.spec.containers[name="mesh"]',
      '.spec.template.spec.containers[name="mesh"].image',
      '.spec.template.spec.containers[name="mesh"].name',
    ]);
  });

  it('merges env by name and ports by containerPort+protocol between two appliers', () => {
    const a = applied(
      undefined,
      deployment({
        selector,
        template: template(web('x', { env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] })),
      }),
      'alice',
    );
    const b = applied(
      a,
      deployment({
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [{ name: 'B', value: '2' }],
                ports: [{ containerPort: 80, protocol: 'UDP' }],
              },
            ],
          },
        },
      }),
      'bob',
    );
    const container = (b['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers[0];
    assert.deepEqual(container, {
      name: 'web',
      image: 'x',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }],
    });
    assert.ok(
      owners(b)['bob/Apply']?.includes(
        '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="UDP"]',
      ),
    );
    const c = applied(
      b,
      deployment({ selector, template: template(web('x', { ports: [{ containerPort: 80 }] })) }),
      'alice',
    );
    const after = (c['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } }).template
      .spec.containers[0];
    assert.deepEqual(after?.['env'], [{ name: 'B', value: '2' }]);
  });

  it('treats finalizers as a set: each applier owns its own values', () => {
    const a = applied(undefined, deployment(undefined, { finalizers: ['example.com/a'] }), 'alice');
    const b = applied(a, deployment(undefined, { finalizers: ['example.com/b'] }), 'bob');
    assert.deepEqual(b.metadata?.finalizers, ['example.com/a', 'example.com/b']);
    assert.deepEqual(owners(b)['bob/Apply'], ['.metadata.finalizers[="example.com/b"]']);
    const c = applied(b, deployment(undefined, {}), 'alice');
    assert.deepEqual(c.metadata?.finalizers, ['example.com/b']);
  });

  it('replaces atomic lists whole', () => {
    const a = applied(
      undefined,
      deployment({ template: { spec: { containers: [web('x', { command: ['a', 'b'] })] } } }),
      'alice',
    );
    const b = applied(
      a,
      deployment({ template: { spec: { containers: [web('x', { command: ['c'] })] } } }),
      'alice',
    );
    const container = (b['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers[0];
    assert.deepEqual(container?.['command'], ['c']);
  });
});

describe('apply: conflicts', () => {
  const scaled = (): KubeObject => {
    const first = applied(undefined, base(1), 'kubectl');
    const next = copy(first);
    (next['spec'] as Record<string, unknown>)['replicas'] = 3;
    return updated(first, next, 'kube-controller-manager', at(1));
  };

  it('conflicts with an Update manager that changed the field', () => {
    const r = apply({
      live: scaled(),
      applied: base(2),
      manager: 'kubectl',
      force: false,
      type: deploymentType,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      now: at(2),
    });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 409);
    assert.deepEqual(r.error.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kube-controller-manager" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
    assert.deepEqual(
      r.conflicts.map((c) => c.field),
      ['.spec.replicas'],
    );
  });

  it('does not conflict when the applied value equals the live one; both then own it', () => {
    const o = applied(scaled(), base(3), 'kubectl');
    assert.deepEqual(owners(o)['kube-controller-manager/Update'], ['.spec.replicas']);
    assert.ok(owners(o)['kubectl/Apply']?.includes('.spec.replicas'));
  });

  it('conflicts with another applier, named without an apiVersion', () => {
    const a = applied(undefined, base(1), 'alice');
    assert.equal(
      conflicting(a, deployment({ template: { spec: { containers: [web('nginx:9')] } } }), 'bob'),
      'Apply failed with 1 conflict: conflict with "alice": .spec.template.spec.containers[name="web"].image',
    );
  });

  it('lists several conflicts grouped by manager', () => {
    const a = applied(undefined, base(1), 'alice');
    const b = updated(a, { ...a, metadata: { ...a.metadata, labels: { x: '1' } } }, 'editor');
    assert.equal(
      conflicting(
        b,
        deployment({ replicas: 5, template: { spec: { containers: [web('v2')] } } }, { labels: { x: '2' } }),
        'bob',
      ),
      'Apply failed with 3 conflicts: conflicts with "alice":\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="web"].image\n' +
        'conflicts with "editor" using apps/v1:\n' +
        '- .metadata.labels.x',
    );
  });

  it('force takes the fields over', () => {
    const o = applied(scaled(), base(2), 'kubectl', { force: true, now: at(2) });
    assert.equal((o['spec'] as Record<string, unknown>)['replicas'], 2);
    assert.equal(owners(o)['kube-controller-manager/Update'], undefined);
    assert.ok(owners(o)['kubectl/Apply']?.includes('.spec.replicas'));
  });
});

describe('apply: from client-side apply to --server-side', () => {
  const lastApplied = (o: KubeObject) => `${JSON.stringify(o)}\n`;
  const csaCreated = (): KubeObject => {
    const manifest = base(1);
    const withAnnotation = deployment(manifest['spec'] as Record<string, unknown>, {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(manifest) },
    });
    return updated(undefined, withAnnotation, 'kubectl-client-side-apply');
  };

  it('lets "kubectl" take fields client-side apply set and nobody changed since', () => {
    const o = applied(csaCreated(), base(2, 'nginx:2'), 'kubectl', { now: at(3) });
    assert.equal((o['spec'] as Record<string, unknown>)['replicas'], 2);
    assert.deepEqual(owners(o)['kubectl-client-side-apply/Update'], [
      '.metadata.annotations',
      '.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
      '.spec.selector',
      '.spec.template.metadata',
      '.spec.template.spec',
      '.spec.template.metadata.labels',
      '.spec.template.metadata.labels.app',
      '.spec.template.spec.containers',
      '.spec.template.spec.containers[name="web"]',
      '.spec.template.spec.containers[name="web"].name',
    ]);
    // The annotation keeps mirroring what kubectl applies while it exists.
    assert.equal(
      o.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},' +
        '"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},' +
        '"spec":{"containers":[{"image":"nginx:2","name":"web"}]}}}}\n',
    );
  });

  it('still conflicts on fields changed since the last client-side apply, and for other managers', () => {
    const csa = csaCreated();
    assert.match(
      conflicting(csa, base(2), 'other'),
      /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/,
    );
    const edited = copy(csa);
    (edited['spec'] as Record<string, unknown>)['replicas'] = 4;
    const scaled = updated(csa, edited, 'kubectl-scale');
    assert.equal(
      conflicting(scaled, base(2, 'nginx:2'), 'kubectl'),
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    );
  });
});

describe('apply: objects and endpoints', () => {
  it('an untracked object first records its fields for "before-first-apply"', () => {
    const live = { ...base(1), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
    assert.equal(
      conflicting(live, base(2), 'kubectl'),
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const o = applied(live, base(1), 'kubectl');
    assert.deepEqual(Object.keys(owners(o)), ['kubectl/Apply', 'before-first-apply/Update']);
  });

  it('records the subresource and leaves reset fields unowned', () => {
    const first = applied(undefined, base(1), 'kubectl');
    const status = applied(first, deployment(undefined, {}), 'kubectl', {
      subresource: 'status',
      resetFields: [['spec']],
    });
    assert.equal(owners(status)['kubectl/Apply/status'], undefined);
    const withStatus = { ...deployment(), status: { replicas: 1 } };
    const s = applied(first, withStatus, 'ctrl', { subresource: 'status', resetFields: [['spec']] });
    assert.deepEqual(owners(s)['ctrl/Apply/status'], ['.status.replicas']);
    const main = applied(first, { ...base(1), status: { replicas: 1 } }, 'kubectl', {
      resetFields: [['status']],
    });
    assert.ok(!owners(main)['kubectl/Apply']?.some((p) => p.startsWith('.status')));
  });

  it('applies schemaless custom resources: typed metadata, deduced spec', () => {
    const opts = {
      type: customResourceType(),
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      now: at(0),
      force: false,
    };
    const cr = (spec: unknown, labels: Record<string, string>) => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels, finalizers: ['f'] },
      spec,
    });
    const first = apply({
      ...opts,
      live: undefined,
      applied: cr({ a: { b: 1, c: 2 }, list: [1, 2] }, { x: '1' }),
      manager: 'm',
    });
    assert.ok(first.ok);
    assert.deepEqual(owners(first.object), {
      'm/Apply': [
        '.spec',
        '.metadata.finalizers[="f"]',
        '.metadata.labels.x',
        '.spec.a',
        '.spec.list',
        '.spec.a.b',
        '.spec.a.c',
      ],
    });
    const second = apply({
      ...opts,
      live: first.object,
      applied: cr({ a: { b: 1 }, list: [3] }, {}),
      manager: 'm',
    });
    assert.ok(second.ok);
    assert.deepEqual(second.object['spec'], { a: { b: 1 }, list: [3] });
  });

  it('rejects bodies upstream rejects, with its statuses and messages', () => {
    const call = (appliedObject: KubeObject, live?: KubeObject) =>
      apply({
        live,
        applied: appliedObject,
        manager: 'm',
        force: false,
        type: deploymentType,
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        now: at(0),
      });
    const expectError = (fn: () => unknown, code: number, message: string) =>
      assert.throws(fn, (err: unknown) => isStatusError(err) && err.code === code && err.message === message);
    expectError(
      () => call({ ...base(1), apiVersion: 'apps/v2' }),
      400,
      'invalid object type: apps/v2, Kind=Deployment',
    );
    expectError(() => call({}), 400, 'invalid object type: /, Kind=');
    expectError(
      () => call({ ...base(1), metadata: { name: 'web', managedFields: [] } }),
      400,
      'metadata.managedFields must be nil',
    );
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { items: [{ size: 1 }] },
    };
    expectError(
      () =>
        apply({
          live: undefined,
          applied: widget,
          manager: 'm',
          force: false,
          type: widgetType,
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          now: at(0),
        }),
      500,
      'failed to create typed patch object (/w; example.com/v1, Kind=Widget): .spec.items: ' +
        'element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    const broken = {
      ...base(1),
      metadata: { name: 'web', managedFields: [{ manager: 'x', operation: 'Bogus' }] },
    } as KubeObject;
    expectError(
      () => call(base(1), broken),
      500,
      'failed to decode managed fields: operation must be `Apply` or `Update`',
    );
  });
});
