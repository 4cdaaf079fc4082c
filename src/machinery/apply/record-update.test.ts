import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  applied,
  at,
  copy,
  deployment,
  deploymentType,
  owners,
  template,
  updated,
} from './apply-test-support.js';
import { compareEntries, type ManagedFieldsEntry } from './managed-fields-entry.js';
import { recordUpdate } from './record-update.js';

const selector = { matchLabels: { app: 'web' } };
const created = () =>
  updated(
    undefined,
    deployment(
      { replicas: 1, selector, template: template({ name: 'web', image: 'a' }) },
      { labels: { app: 'web' } },
    ),
    'kubectl-create',
  );

describe('recordUpdate', () => {
  it('on create, owns every field set; maps and elements added whole carry "."', () => {
    const o = created();
    const [entry] = o.metadata?.managedFields as ManagedFieldsEntry[];
    assert.equal(entry?.operation, 'Update');
    assert.equal(entry?.time, '2025-01-01T00:00:00Z');
    assert.deepEqual(entry?.fieldsV1['f:metadata'], { 'f:labels': { 'f:app': {}, '.': {} } });
    const spec = entry?.fieldsV1['f:spec'];
    // spec and the pod template exist (as {}) in the empty object upstream compares with.
    assert.equal(spec?.['.'], undefined);
    assert.equal(spec?.['f:template']?.['.'], undefined);
    assert.deepEqual(spec?.['f:replicas'], {});
  });

  it('takes changed fields from other managers and drops removed fields from everyone', () => {
    const o = created();
    const next = copy(o);
    (next['spec'] as Record<string, unknown>)['replicas'] = 2;
    delete next.metadata!.labels;
    const u = updated(o, next, 'kubectl-edit', at(1));
    assert.deepEqual(owners(u)['kubectl-edit/Update'], ['.spec.replicas']);
    const creator = owners(u)['kubectl-create/Update'] ?? [];
    assert.ok(!creator.includes('.spec.replicas'));
    assert.ok(!creator.some((p) => p.startsWith('.metadata.labels')));
  });

  it('keeps managedFields (and times) as they are when a write changes nothing', () => {
    const o = created();
    const same = recordUpdate({
      live: o,
      next: copy(o),
      manager: 'other',
      type: deploymentType,
      apiVersion: 'apps/v1',
      now: at(9),
    });
    assert.deepEqual(same, o.metadata?.managedFields);
  });

  it('does not start tracking an existing object without managedFields', () => {
    const untracked: KubeObject = { ...deployment({ replicas: 1 }), metadata: { name: 'web', uid: 'u' } };
    const next = copy(untracked);
    (next['spec'] as Record<string, unknown>)['replicas'] = 2;
    assert.equal(
      recordUpdate({
        live: untracked,
        next,
        manager: 'm',
        type: deploymentType,
        apiVersion: 'apps/v1',
        now: at(0),
      }),
      undefined,
    );
  });

  it('lets a main-resource write replace or clear managedFields, but not a subresource write', () => {
    const o = created();
    const cleared = { ...o, metadata: { ...o.metadata, managedFields: [] } } as KubeObject;
    const opts = { type: deploymentType, apiVersion: 'apps/v1', now: at(1), manager: 'm' };
    assert.equal(recordUpdate({ ...opts, live: o, next: cleared }), undefined);
    const kept = recordUpdate({ ...opts, live: o, next: cleared, subresource: 'status' });
    assert.deepEqual(kept, o.metadata?.managedFields);
  });

  it('records status writes with their subresource', () => {
    const o = created();
    const next = { ...copy(o), status: { replicas: 1 } };
    const u = recordUpdate({
      live: o,
      next,
      manager: 'kube-controller-manager',
      type: deploymentType,
      apiVersion: 'apps/v1',
      now: at(2),
      subresource: 'status',
    });
    const entry = u?.find((e) => e.manager === 'kube-controller-manager');
    assert.equal(entry?.subresource, 'status');
    assert.deepEqual(entry?.fieldsV1, { 'f:status': { 'f:replicas': {}, '.': {} } });
  });

  it('orders appliers first, then by time, manager, apiVersion, subresource', () => {
    const e = (manager: string, operation: 'Apply' | 'Update', minute: number): ManagedFieldsEntry => ({
      manager,
      operation,
      apiVersion: 'apps/v1',
      time: at(minute).toISOString().replace('.000', ''),
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    });
    const sorted = [e('z', 'Apply', 5), e('b', 'Update', 1), e('a', 'Update', 2), e('c', 'Update', 2)];
    assert.deepEqual([...sorted].reverse().sort(compareEntries), sorted);
    const first = applied(undefined, deployment({ replicas: 1 }), 'applier', { now: at(3) });
    const next = copy(first);
    next.metadata!.labels = { x: 'y' };
    const u = updated(first, next, 'early', at(1));
    assert.deepEqual(Object.keys(owners(u)), ['applier/Apply', 'early/Update']);
  });

  it('merges the oldest of more than ten Update managers into "ancient-changes"', () => {
    let o = created();
    for (let i = 1; i <= 11; i++) {
      const next = copy(o);
      next.metadata!.labels = { ...next.metadata!.labels, [`l${i}`]: 'x' };
      o = updated(o, next, `writer-${i}`, at(i));
    }
    const managers = (o.metadata?.managedFields as ManagedFieldsEntry[]).map((e) => e.manager);
    assert.equal(managers.length, 10);
    assert.equal(managers[0], 'ancient-changes');
    assert.ok(!managers.includes('kubectl-create') && !managers.includes('writer-1'));
    assert.ok(owners(o)['ancient-changes/Update']?.includes('.metadata.labels.l1'));
  });
});
