/**
 * Deployments on `k8ts server` with three simulated nodes, driven with the real kubectl: a
 * Deployment of 10 rolls out; `set image` with maxSurge 1 / maxUnavailable 0 never drops below 10
 * ready pods; `rollout history|undo|pause|resume|restart` behave as upstream; a rollout whose pods
 * never become ready exceeds its progress deadline and `rollout status` says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { outputLines, parseJsonStream } from '../support/kubectl-output.js';
import {
  deployment,
  startWorkloadCluster,
  watchedObjects,
  type WorkloadCluster,
} from '../support/workload-cluster.js';

let c: WorkloadCluster;

before(async () => {
  c = await startWorkloadCluster();
});

after(async () => {
  await c?.stop();
});

const imagesOf = async (app: string): Promise<string[]> =>
  (await c.json<{ items: Pod[] }>(['pods', '-l', `app=${app}`])).items
    .filter((p) => p.metadata?.deletionTimestamp === undefined)
    .map((p) => p.spec?.containers[0]?.image ?? '');

async function rolledOut(name: string): Promise<void> {
  const status = await c.ok(['rollout', 'status', `deployment/${name}`, '--timeout=90s']);
  assert.match(status.stdout, new RegExp(`deployment "${name}" successfully rolled out\\n$`));
}

describe('a Deployment of 10 with maxSurge 1 and maxUnavailable 0', () => {
  it('runs 10 pods and kubectl rollout status completes', async () => {
    const created = await c.apply(
      deployment('web', 'registry.local/web:1', 10, {
        spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
      }),
    );
    assert.equal(created.stdout, 'deployment.apps/web created\n');
    await rolledOut('web');
    const pods = await c.table(['pods', '-l', 'app=web', '-o', 'wide']);
    assert.equal(pods.records.length, 10);
    for (const p of pods.records) {
      assert.equal(p['READY'], '1/1');
      assert.equal(p['STATUS'], 'Running');
      assert.match(p['NODE'] ?? '', /^sim-node-[012]$/);
    }
    const [row] = (await c.table(['deployment', 'web'])).records;
    assert.deepEqual([row?.['READY'], row?.['UP-TO-DATE'], row?.['AVAILABLE']], ['10/10', '10', '10']);
    // As upstream, a zero counter is left out of the status.
    const yaml = (await c.ok(['get', 'deployment', 'web', '-o', 'yaml'])).stdout;
    assert.match(yaml, /\n {2}availableReplicas: 10\n/);
    assert.doesNotMatch(yaml, /unavailableReplicas/);
  });

  it('set image replaces pods one by one and never has fewer than 10 ready', async () => {
    const watch = c.background(['get', 'deployment', 'web', '-w', '-o', 'json']);
    const rsWatch = c.background(['get', 'replicasets', '-l', 'app=web', '-w', '-o', 'json']);
    try {
      await watch.waitForStdout(/"readyReplicas": 10/);
      await rsWatch.waitForStdout(/"kind": "ReplicaSet"/);
      const set = await c.ok(['set', 'image', 'deployment/web', 'web=registry.local/web:2']);
      assert.equal(set.stdout, 'deployment.apps/web image updated\n');
      await rolledOut('web');
      // The last status write may trail rollout status by a moment.
      await watch.waitForStdout((out) => {
        const last = (parseJsonStream(out) as Deployment[]).at(-1);
        return last?.status?.updatedReplicas === 10 && last.status.replicas === 10;
      });
    } finally {
      await watch.stop();
      await rsWatch.stop();
    }
    const seen = watchedObjects<Deployment>(watch);
    assert.ok(seen.length > 10, `only ${seen.length} watch events`);
    for (const d of seen) {
      const s = d.status ?? {};
      assert.ok((s.readyReplicas ?? 0) >= 10, `ready fell to ${s.readyReplicas}: ${JSON.stringify(s)}`);
    }
    // maxSurge bounds the replicas the controller asks of its ReplicaSets, at every step. (The
    // status can count one pod more for a moment, as upstream's: a ReplicaSet reports the pods it
    // had before the deletion its last sync made.)
    const planned = new Map<string, number>();
    let mostPlanned = 0;
    for (const rs of watchedObjects<ReplicaSet>(rsWatch)) {
      planned.set(rs.metadata?.name ?? '', rs.spec?.replicas ?? 0);
      mostPlanned = Math.max(
        mostPlanned,
        [...planned.values()].reduce((a, b) => a + b, 0),
      );
    }
    assert.equal(mostPlanned, 11, 'the ReplicaSets were asked for one pod above 10 at most');
    assert.ok(
      seen.some((d) => d.status?.replicas === 11),
      'the rollout surged one pod above 10',
    );
    assert.deepEqual([...new Set(await imagesOf('web'))], ['registry.local/web:2']);
    const rss = await c.table(['replicasets', '-l', 'app=web']);
    assert.deepEqual(rss.records.map((r) => r['DESIRED']).sort(), ['0', '10']);
  });

  it('rollout history lists 2 revisions; rollout undo returns to the first image', async () => {
    const history = await c.ok(['rollout', 'history', 'deployment/web']);
    assert.deepEqual(outputLines(history.stdout), [
      'deployment.apps/web',
      'REVISION  CHANGE-CAUSE',
      '1         <none>',
      '2         <none>',
    ]);
    const first = await c.ok(['rollout', 'history', 'deployment/web', '--revision=1']);
    assert.match(first.stdout, /^deployment\.apps\/web with revision #1\n/);
    assert.match(first.stdout, /Image:\s+registry\.local\/web:1\n/);

    const undo = await c.ok(['rollout', 'undo', 'deployment/web']);
    assert.equal(undo.stdout, 'deployment.apps/web rolled back\n');
    await rolledOut('web');
    const d = await c.json<Deployment>(['deployment', 'web']);
    assert.equal(d.spec?.template.spec?.containers[0]?.image, 'registry.local/web:1');
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    await eventually(async () =>
      assert.deepEqual([...new Set(await imagesOf('web'))], ['registry.local/web:1']),
    );
    // Revision 1 became revision 3: its ReplicaSet was reused, not copied.
    const after = await c.ok(['rollout', 'history', 'deployment/web']);
    assert.deepEqual(outputLines(after.stdout).slice(2), ['2         <none>', '3         <none>']);
    assert.equal((await c.json<{ items: ReplicaSet[] }>(['rs', '-l', 'app=web'])).items.length, 2);
  });
});

describe('rollout controls', () => {
  before(async () => {
    await c.apply(deployment('api', 'registry.local/api:1', 3));
    await rolledOut('api');
  });

  const replicaSetNames = async (app: string): Promise<string[]> =>
    (await c.json<{ items: ReplicaSet[] }>(['rs', '-l', `app=${app}`])).items
      .map((rs) => rs.metadata?.name ?? '')
      .sort();

  it('a paused Deployment creates no new ReplicaSet until it is resumed', async () => {
    assert.equal((await c.ok(['rollout', 'pause', 'deployment/api'])).stdout, 'deployment.apps/api paused\n');
    const before = await replicaSetNames('api');
    await c.ok(['set', 'image', 'deployment/api', 'api=registry.local/api:2']);
    const paused = await eventually(async () => {
      const d = await c.json<Deployment>(['deployment', 'api']);
      assert.equal(d.status?.observedGeneration, d.metadata?.generation);
      const progressing = d.status?.conditions?.find((x) => x.type === 'Progressing');
      assert.deepEqual(
        [progressing?.status, progressing?.reason, progressing?.message],
        ['Unknown', 'DeploymentPaused', 'Deployment is paused'],
      );
      return d;
    }, 20_000);
    assert.equal(paused.spec?.paused, true);
    // The controller saw the new template and still left the ReplicaSets alone.
    assert.deepEqual(await replicaSetNames('api'), before);
    assert.deepEqual([...new Set(await imagesOf('api'))], ['registry.local/api:1']);

    assert.equal(
      (await c.ok(['rollout', 'resume', 'deployment/api'])).stdout,
      'deployment.apps/api resumed\n',
    );
    await rolledOut('api');
    assert.equal((await replicaSetNames('api')).length, before.length + 1);
    await eventually(async () =>
      assert.deepEqual([...new Set(await imagesOf('api'))], ['registry.local/api:2']),
    );
  });

  it('rollout restart replaces every pod with a new ReplicaSet', async () => {
    const podsBefore = (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=api'])).items.map(
      (p) => p.metadata?.name,
    );
    const restart = await c.ok(['rollout', 'restart', 'deployment/api']);
    assert.equal(restart.stdout, 'deployment.apps/api restarted\n');
    await rolledOut('api');
    const d = await c.json<Deployment>(['deployment', 'api']);
    assert.match(
      d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    const podsAfter = await eventually(async () => {
      const items = (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=api'])).items;
      assert.equal(items.length, 3);
      return items.map((p) => p.metadata?.name);
    }, 20_000);
    for (const name of podsAfter) assert.ok(!podsBefore.includes(name), `${name} survived the restart`);
  });

  it('a rollout whose pods never become ready exceeds progressDeadlineSeconds', async () => {
    await c.apply(deployment('stuck', 'registry.local/stuck:1', 2, { spec: { progressDeadlineSeconds: 5 } }));
    await rolledOut('stuck');
    // The new pods run but never pass their readiness check.
    await c.ok([
      'patch',
      'deployment',
      'stuck',
      '-p',
      JSON.stringify({ spec: { template: { metadata: { annotations: { 'sim.k8ts.io/ready': 'false' } } } } }),
    ]);
    const status = await c.run(['rollout', 'status', 'deployment/stuck', '--timeout=60s']);
    assert.equal(status.code, 1);
    assert.equal(status.stderr, 'error: deployment "stuck" exceeded its progress deadline\n');
    assert.match(
      status.stdout,
      /Waiting for deployment "stuck" rollout to finish: 1 out of 2 new replicas have been updated\.\.\.\n/,
    );

    const d = await c.json<Deployment>(['deployment', 'stuck']);
    const newRs = (await c.json<{ items: ReplicaSet[] }>(['rs', '-l', 'app=stuck'])).items.find(
      (rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2',
    );
    const progressing = d.status?.conditions?.find((x) => x.type === 'Progressing');
    assert.deepEqual(
      [progressing?.status, progressing?.reason, progressing?.message],
      [
        'False',
        'ProgressDeadlineExceeded',
        `ReplicaSet "${newRs?.metadata?.name}" has timed out progressing.`,
      ],
    );
    // maxUnavailable 25% of 2 rounds down to 0: the old pods keep the Deployment available.
    const available = d.status?.conditions?.find((x) => x.type === 'Available');
    assert.deepEqual([available?.status, available?.reason], ['True', 'MinimumReplicasAvailable']);
    const describe = (await c.ok(['describe', 'deployment', 'stuck'])).stdout;
    assert.match(describe, /\n {2}Progressing {4}False {3}ProgressDeadlineExceeded\n/);
    const [row] = (await c.table(['deployment', 'stuck'])).records;
    assert.deepEqual([row?.['READY'], row?.['UP-TO-DATE'], row?.['AVAILABLE']], ['2/2', '1', '2']);
  });
});
