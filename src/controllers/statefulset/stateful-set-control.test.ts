// The StatefulSet core on a fake environment: which pods it creates, deletes and updates, in
// which order, for OrderedReady and Parallel, scale-down, partitions and maxUnavailable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  newStatefulSetRevision,
  statefulSetMaxUnavailable,
  updateStatefulSet,
  type StatefulSetEnv,
} from './stateful-set-control.js';
import { newStatefulSetPod, setPodRevision } from './stateful-pod-identity.js';

const now = Date.parse('2026-01-01T00:00:00Z');

class FakeEnv implements StatefulSetEnv {
  actions: string[] = [];
  revisions: ControllerRevision[] = [];
  status: StatefulSetStatus | undefined;
  now(): number {
    return now;
  }
  listRevisions(): readonly ControllerRevision[] {
    return this.revisions;
  }
  async createRevision(_set: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision> {
    this.actions.push(`create revision ${revision.revision}`);
    this.revisions.push(revision);
    return revision;
  }
  async updateRevisionNumber(revision: ControllerRevision, n: number): Promise<ControllerRevision> {
    this.actions.push(`renumber ${revision.metadata?.name} ${n}`);
    return { ...revision, revision: n };
  }
  async deleteRevision(revision: ControllerRevision): Promise<void> {
    this.actions.push(`delete revision ${revision.revision}`);
  }
  async createPod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.actions.push(`create ${pod.metadata?.name}`);
  }
  async updatePod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.actions.push(`update ${pod.metadata?.name}`);
  }
  async deletePod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.actions.push(`delete ${pod.metadata?.name}`);
  }
  podClaimIsStale(): boolean {
    return false;
  }
  async createMissingClaims(): Promise<void> {}
  claimsMatchRetentionPolicy(): boolean {
    return true;
  }
  async updateClaimsForRetentionPolicy(): Promise<void> {}
  async writeStatus(_set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    this.status = status;
  }
}

function statefulSet(spec: Partial<StatefulSet['spec']> = {}, image = 'v1'): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'uid', generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      ...spec,
    },
  };
}

// A pod of the set at `revision`, in the given state.
function pod(
  set: StatefulSet,
  ordinal: number,
  revision: string,
  state: 'ready' | 'pending' | 'terminating' = 'ready',
): Pod {
  const p = newStatefulSetPod(set, ordinal);
  setPodRevision(p, revision);
  const ready = state === 'ready';
  return {
    ...p,
    metadata: {
      ...p.metadata,
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    status: {
      phase: ready || state === 'terminating' ? 'Running' : 'Pending',
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2025-12-31T00:00:00Z' },
      ],
    },
  };
}

function envWithRevision(set: StatefulSet): { env: FakeEnv; revision: string } {
  const env = new FakeEnv();
  const r = newStatefulSetRevision(set, 1, 0);
  env.revisions.push(r);
  return { env, revision: r.metadata?.name ?? '' };
}

describe('StatefulSet core', () => {
  it('OrderedReady creates the first missing ordinal and waits for it', async () => {
    const set = statefulSet();
    const { env, revision } = envWithRevision(set);
    await updateStatefulSet(env, set, []);
    assert.deepEqual(env.actions, ['create web-0']);
    env.actions = [];
    await updateStatefulSet(env, set, [pod(set, 0, revision, 'pending')]);
    assert.deepEqual(env.actions, []);
    await updateStatefulSet(env, set, [pod(set, 0, revision)]);
    assert.deepEqual(env.actions, ['create web-1']);
    assert.equal(env.status?.replicas, 1);
    assert.equal(env.status?.readyReplicas, 1);
  });

  it('Parallel creates every missing ordinal at once', async () => {
    const set = statefulSet({ podManagementPolicy: 'Parallel' });
    const { env } = envWithRevision(set);
    await updateStatefulSet(env, set, []);
    assert.deepEqual([...env.actions].sort(), ['create web-0', 'create web-1', 'create web-2']);
  });

  it('creates the first revision, and reuses an equal older one on rollback', async () => {
    const set = statefulSet();
    const env = new FakeEnv();
    await updateStatefulSet(env, set, []);
    assert.deepEqual(env.actions, ['create revision 1', 'create web-0']);
    env.actions = [];
    const v2 = statefulSet({}, 'v2');
    env.revisions.push(newStatefulSetRevision(v2, 2, 0));
    await updateStatefulSet(env, set, []);
    assert.equal(env.actions[0], `renumber ${env.revisions[0]?.metadata?.name} 3`);
  });

  it('scales down from the highest ordinal and waits for each deletion', async () => {
    const set = statefulSet({ replicas: 1 });
    const { env, revision } = envWithRevision(set);
    await updateStatefulSet(env, set, [pod(set, 0, revision), pod(set, 1, revision), pod(set, 2, revision)]);
    assert.deepEqual(env.actions, ['delete web-2']);
    env.actions = [];
    await updateStatefulSet(env, set, [
      pod(set, 0, revision),
      pod(set, 1, revision),
      pod(set, 2, revision, 'terminating'),
    ]);
    assert.deepEqual(env.actions, []);
  });

  it('replaces a failed pod before anything else', async () => {
    const set = statefulSet();
    const { env, revision } = envWithRevision(set);
    const failed = { ...pod(set, 1, revision), status: { phase: 'Failed' } };
    await updateStatefulSet(env, set, [pod(set, 0, revision), failed, pod(set, 2, revision)]);
    assert.deepEqual(env.actions, ['delete web-1']);
  });

  it('rolls from the highest ordinal down to the partition, one unhealthy pod at a time', async () => {
    const old = statefulSet();
    const { env, revision: oldRevision } = envWithRevision(old);
    const set = statefulSet(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
      'v2',
    );
    const pods = [pod(old, 0, oldRevision), pod(old, 1, oldRevision), pod(old, 2, oldRevision)];
    await updateStatefulSet(env, { ...set, status: { replicas: 3, currentRevision: oldRevision } }, pods);
    assert.deepEqual(env.actions, ['create revision 2', 'delete web-2']);
    const newRevision = env.revisions[1]?.metadata?.name ?? '';
    env.actions = [];
    // web-2 at the new revision but not ready yet: wait.
    await updateStatefulSet(env, { ...set, status: { replicas: 3, currentRevision: oldRevision } }, [
      pods[0]!,
      pods[1]!,
      pod(set, 2, newRevision, 'pending'),
    ]);
    assert.deepEqual(env.actions, []);
    await updateStatefulSet(env, { ...set, status: { replicas: 3, currentRevision: oldRevision } }, [
      pods[0]!,
      pods[1]!,
      pod(set, 2, newRevision),
    ]);
    assert.deepEqual(env.actions, ['delete web-1']);
    env.actions = [];
    // Below the partition nothing is replaced.
    await updateStatefulSet(env, { ...set, status: { replicas: 3, currentRevision: oldRevision } }, [
      pods[0]!,
      pod(set, 1, newRevision),
      pod(set, 2, newRevision),
    ]);
    assert.deepEqual(env.actions, []);
    assert.equal(env.status?.updatedReplicas, 2);
    assert.equal(env.status?.currentReplicas, 1);
  });

  it('ignores maxUnavailable unless MaxUnavailableStatefulSet is on', async () => {
    const old = statefulSet();
    const { env, revision } = envWithRevision(old);
    const set = statefulSet(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } },
      'v2',
    );
    const pods = [pod(old, 0, revision), pod(old, 1, revision), pod(old, 2, revision)];
    await updateStatefulSet(env, set, pods);
    assert.deepEqual(
      env.actions.filter((a) => a.startsWith('delete')),
      ['delete web-2'],
    );
    env.actions = [];
    await updateStatefulSet(env, set, pods, { maxUnavailableStatefulSet: true });
    assert.deepEqual(
      env.actions.filter((a) => a.startsWith('delete')),
      ['delete web-2', 'delete web-1'],
    );
    assert.equal(statefulSetMaxUnavailable('50%', 3), 1);
    assert.equal(statefulSetMaxUnavailable('10%', 3), 1);
    assert.equal(statefulSetMaxUnavailable(undefined, 3), 1);
  });

  it('completes the rolling update in status once every replica is updated and ready', async () => {
    const set = statefulSet();
    const { env, revision } = envWithRevision(set);
    await updateStatefulSet(env, { ...set, status: { replicas: 0, currentRevision: 'older' } }, [
      pod(set, 0, revision),
      pod(set, 1, revision),
      pod(set, 2, revision),
    ]);
    assert.equal(env.status?.currentRevision, revision);
    assert.equal(env.status?.updateRevision, revision);
    assert.equal(env.status?.currentReplicas, 3);
    assert.equal(env.status?.observedGeneration, 1);
  });

  it('keeps revisionHistoryLimit old revisions that no pod runs', async () => {
    const set = statefulSet({ revisionHistoryLimit: 1 });
    const env = new FakeEnv();
    for (let i = 1; i <= 4; i++) env.revisions.push(newStatefulSetRevision(statefulSet({}, `old${i}`), i, 0));
    const live = env.revisions[1]?.metadata?.name ?? '';
    await updateStatefulSet(env, set, [pod(set, 0, live)]);
    assert.deepEqual(
      env.actions.filter((a) => a.includes('revision')),
      ['create revision 5', 'delete revision 1', 'delete revision 3'],
    );
  });
});
