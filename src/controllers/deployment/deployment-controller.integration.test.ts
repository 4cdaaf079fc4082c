// The Deployment controller with the ReplicaSet controller against a real server. No kubelet runs:
// simulateReadiness marks pods Ready through the status subresource.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { FakeClock } from '../../base/clock.js';
import { eventually } from '../../client/testing/eventually.js';
import { replicaSetControllerDescriptor } from '../replicaset/index.js';
import { startControllerTestEnv, type ControllerTestEnv } from '../shared/testing/controller-test-env.js';
import { simulateReadiness } from '../shared/testing/simulated-readiness.js';
import { deploymentsResource, podsResource, replicaSetsResource } from './deployment-resources.js';
import { deploymentControllerDescriptor } from './index.js';

function deployment(name: string, image: string, extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      ...extra,
    },
  };
}

/** kubectl rollout status's completion test. */
function rolledOut(d: Deployment): boolean {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  return (
    (d.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0) &&
    (s.updatedReplicas ?? 0) >= want &&
    (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0)
  );
}

describe('deployment controller', () => {
  let env: ControllerTestEnv;
  let readiness: { stop(): Promise<void> };
  before(async () => {
    env = await startControllerTestEnv({
      controllers: [replicaSetControllerDescriptor, deploymentControllerDescriptor],
    });
    readiness = simulateReadiness({ client: env.client, clock: env.clock, namespace: 'default' });
  });
  after(async () => {
    await readiness?.stop();
    await env?.stop();
  });
  const deployments = () => env.client.resource<Deployment>(deploymentsResource).namespace('default');
  const replicaSets = () => env.client.resource<ReplicaSet>(replicaSetsResource).namespace('default');
  const pods = () => env.client.resource<Pod>(podsResource).namespace('default');
  const rssOf = async (app: string) =>
    (await replicaSets().list({ labelSelector: `app=${app}` })).items.sort(
      (a, b) =>
        Number(a.metadata?.annotations?.['deployment.kubernetes.io/revision']) -
        Number(b.metadata?.annotations?.['deployment.kubernetes.io/revision']),
    );

  it('rolls out a new Deployment: <name>-<hash> ReplicaSet, revision 1, conditions, events', async () => {
    await deployments().create(deployment('web', 'nginx:1'));
    const d = await eventually(async () => {
      const cur = await deployments().get('web');
      assert.ok(rolledOut(cur), JSON.stringify(cur.status));
      return cur;
    }, 20_000);
    const [rs] = await rssOf('web');
    const hash = rs!.metadata!.labels!['pod-template-hash']!;
    assert.equal(rs!.metadata?.name, `web-${hash}`);
    assert.deepEqual(rs!.spec?.selector?.matchLabels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs!.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs!.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs!.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '4');
    assert.equal(rs!.metadata?.ownerReferences?.[0]?.uid, d.metadata?.uid);
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
    // Zero counters are omitted, as Go's omitempty writes them.
    assert.equal('unavailableReplicas' in (d.status ?? {}), false, JSON.stringify(d.status));
    await eventually(async () => {
      const cur = await deployments().get('web');
      const progressing = cur.status?.conditions?.find((c) => c.type === 'Progressing');
      const available = cur.status?.conditions?.find((c) => c.type === 'Available');
      assert.equal(available?.reason, 'MinimumReplicasAvailable');
      assert.equal(available?.message, 'Deployment has minimum availability.');
      assert.equal(progressing?.reason, 'NewReplicaSetAvailable');
      assert.equal(progressing?.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    });
    const events = await env.client
      .resource({ group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' })
      .namespace('default')
      .list({ fieldSelector: 'involvedObject.name=web' });
    assert.ok(
      events.items.some(
        (e) =>
          (e as { message?: string }).message === `Scaled up replica set web-${hash} from 0 to 3` &&
          (e as { reason?: string }).reason === 'ScalingReplicaSet',
      ),
    );
  });

  it('rolls with maxUnavailable 0 / maxSurge 1 never below the desired ready count, then undoes', async () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    await deployments().create(deployment('roll', 'nginx:1', { replicas: 4, strategy }));
    await eventually(async () => assert.ok(rolledOut(await deployments().get('roll'))), 20_000);
    let minReady = Infinity;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const list = await pods().list({ labelSelector: 'app=roll' });
        const ready = list.items.filter(
          (p) =>
            !p.metadata?.deletionTimestamp &&
            p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length;
        minReady = Math.min(minReady, ready);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await deployments().patch('roll', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
    });
    await eventually(async () => {
      const cur = await deployments().get('roll');
      assert.equal(cur.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
      assert.ok(rolledOut(cur), JSON.stringify(cur.status));
    }, 30_000);
    watching = false;
    await watcher;
    assert.ok(minReady >= 4, `ready pods dropped to ${minReady}`);
    let rss = await rssOf('roll');
    assert.equal(rss.length, 2);
    assert.equal(rss[0]!.spec?.replicas, 0);
    assert.equal(rss[1]!.spec?.replicas, 4);

    // kubectl rollout undo: the template of revision 1 (hash label dropped) patched in.
    const old = rss[0]!;
    const template = structuredClone(old.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    await deployments().patch('roll', 'json', [{ op: 'replace', path: '/spec/template', value: template }]);
    await eventually(async () => {
      const cur = await deployments().get('roll');
      assert.equal(cur.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
      assert.ok(rolledOut(cur), JSON.stringify(cur.status));
    }, 30_000);
    rss = await rssOf('roll');
    assert.equal(rss.length, 2, 'the old ReplicaSet is re-used, not recreated');
    const reused = rss.find((rs) => rs.metadata?.uid === old.metadata?.uid)!;
    assert.equal(reused.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(reused.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(reused.spec?.replicas, 4);
  });

  it('pauses (no rollout, Progressing Unknown DeploymentPaused) and resumes', async () => {
    await deployments().create(deployment('pause', 'nginx:1', { replicas: 2 }));
    await eventually(async () => assert.ok(rolledOut(await deployments().get('pause'))), 20_000);
    await deployments().patch('pause', 'strategic', { spec: { paused: true } });
    await deployments().patch('pause', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
    });
    await eventually(async () => {
      const cur = await deployments().get('pause');
      const p = cur.status?.conditions?.find((c) => c.type === 'Progressing');
      assert.equal(p?.status, 'Unknown');
      assert.equal(p?.reason, 'DeploymentPaused');
      assert.equal(p?.message, 'Deployment is paused');
      assert.equal(cur.status?.observedGeneration, cur.metadata?.generation);
    });
    assert.equal((await rssOf('pause')).length, 1, 'no new ReplicaSet while paused');
    await deployments().patch('pause', 'strategic', { spec: { paused: null } });
    await eventually(async () => {
      const cur = await deployments().get('pause');
      assert.equal((await rssOf('pause')).length, 2);
      assert.ok(rolledOut(cur));
      assert.equal(cur.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    }, 20_000);
  });

  it('Recreate scales the old ReplicaSet to zero before creating the new one', async () => {
    await deployments().create(
      deployment('recreate', 'nginx:1', { replicas: 2, strategy: { type: 'Recreate' } }),
    );
    await eventually(async () => assert.ok(rolledOut(await deployments().get('recreate'))), 20_000);
    await deployments().patch('recreate', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
    });
    await eventually(async () => {
      const cur = await deployments().get('recreate');
      assert.ok(rolledOut(cur) && cur.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2');
    }, 20_000);
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    await deployments().create(deployment('history', 'img:0', { replicas: 1, revisionHistoryLimit: 1 }));
    for (let i = 1; i <= 3; i++) {
      await eventually(async () => assert.ok(rolledOut(await deployments().get('history'))), 20_000);
      await deployments().patch('history', 'strategic', {
        spec: { template: { spec: { containers: [{ name: 'c', image: `img:${i}` }] } } },
      });
    }
    await eventually(async () => {
      assert.ok(rolledOut(await deployments().get('history')));
      const rss = await rssOf('history');
      assert.deepEqual(
        rss.map((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision']),
        ['3', '4'],
      );
    }, 20_000);
  });
});

describe('deployment controller with a fake clock', () => {
  let env: ControllerTestEnv;
  const clock = new FakeClock();
  before(async () => {
    env = await startControllerTestEnv({
      controllers: [replicaSetControllerDescriptor, deploymentControllerDescriptor],
      clock,
      driveFakeClock: true,
    });
  });
  after(async () => env?.stop());
  const deployments = () => env.client.resource<Deployment>(deploymentsResource).namespace('default');

  it('reports ProgressDeadlineExceeded when pods never become ready', async () => {
    await deployments().create(
      deployment('stuck', 'never-ready', { replicas: 2, progressDeadlineSeconds: 30 }),
    );
    await eventually(async () => {
      // Settled: both pods exist (the last progress the deadline counts from).
      const cur = await deployments().get('stuck');
      const p = cur.status?.conditions?.find((c) => c.type === 'Progressing');
      assert.equal(p?.reason, 'ReplicaSetUpdated');
      assert.equal(cur.status?.updatedReplicas, 2);
    }, 30_000);
    await clock.advance(31_000);
    await eventually(async () => {
      const cur = await deployments().get('stuck');
      const p = cur.status?.conditions?.find((c) => c.type === 'Progressing');
      assert.equal(
        p?.reason,
        'ProgressDeadlineExceeded',
        JSON.stringify(cur.status) + new Date(clock.now()).toISOString(),
      );
      assert.equal(p?.status, 'False');
      assert.match(p?.message ?? '', /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
      const a = cur.status?.conditions?.find((c) => c.type === 'Available');
      assert.equal(a?.reason, 'MinimumReplicasUnavailable');
    }, 30_000);
  });

  it('counts pods available only after minReadySeconds', async () => {
    const readiness = simulateReadiness({
      client: env.client,
      clock,
      namespace: 'default',
      accept: (p) => p.metadata?.labels?.['app'] === 'slow',
    });
    try {
      await deployments().create(deployment('slow', 'nginx:1', { replicas: 2, minReadySeconds: 60 }));
      await eventually(async () => {
        const cur = await deployments().get('slow');
        assert.equal(cur.status?.readyReplicas, 2);
        assert.equal(cur.status?.availableReplicas ?? 0, 0);
      }, 30_000);
      await clock.advance(62_000);
      await eventually(async () => {
        const cur = await deployments().get('slow');
        assert.equal(cur.status?.availableReplicas, 2);
        assert.ok(rolledOut(cur), JSON.stringify(cur.status));
      }, 30_000);
    } finally {
      await readiness.stop();
    }
  });
});
