/**
 * A restarted k8ts (root only, sqlite so the cluster survives) finds its pods in containerd by
 * their io.kubernetes.* labels and leaves them alone: same container IDs, no restarts, still
 * Ready and serving, status unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdNodeForFile, eventually, httpText } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile({ datastore: 'sqlite' });

interface PodJson {
  status: {
    phase: string;
    podIP: string;
    startTime: string;
    conditions: { type: string; status: string; lastTransitionTime: string }[];
    containerStatuses: {
      containerID: string;
      restartCount: number;
      ready: boolean;
      state: { running?: { startedAt: string } };
    }[];
  };
}

test('restarting k8ts leaves running pods untouched', { skip, timeout: 80_000 }, async () => {
  await node().kubectl(['create', 'deployment', 'keep', `--image=${testImages.toolbox1}`, '--replicas=2']);
  await node().kubectl(['rollout', 'status', 'deployment/keep', '--timeout=40s']);
  const list = async () =>
    (
      JSON.parse(await node().kubectl(['get', 'pods', '-l', 'app=keep', '-o', 'json'])) as {
        items: PodJson[];
      }
    ).items;
  const before = await list();
  assert.equal(before.length, 2);

  await node().server.restart();
  await node().kubectl(['wait', '--for=condition=Ready', `node/${node().nodeName}`, '--timeout=30s']);
  // Let the restarted kubelet sync every pod and write its statuses.
  await new Promise((r) => setTimeout(r, 3000));
  const afterRestart = await eventually(
    async () => {
      const items = await list();
      return items.every((p) => p.status.containerStatuses[0]?.ready === true) ? items : undefined;
    },
    20_000,
    'pods Ready after the restart',
  );
  const ids = (items: PodJson[]) => items.map((p) => p.status.containerStatuses[0]?.containerID).sort();
  assert.deepEqual(ids(afterRestart), ids(before), 'same containers');
  for (const p of afterRestart) {
    const old = before.find((b) => b.status.podIP === p.status.podIP);
    assert.ok(old !== undefined, `pod IP ${p.status.podIP} kept`);
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.containerStatuses[0]?.restartCount, 0);
    assert.equal(
      p.status.containerStatuses[0]?.state.running?.startedAt,
      old.status.containerStatuses[0]?.state.running?.startedAt,
    );
    assert.equal(p.status.startTime, old.status.startTime);
    assert.equal(p.status.conditions.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(await httpText(`http://${p.status.podIP}:8080/`), 'toolbox v1');
  }
  await node().kubectl(['delete', 'deployment', 'keep']);
});
