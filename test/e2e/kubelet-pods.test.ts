/**
 * The kubelet on containerd, as kubectl sees it (root only): `kubectl run` gives a Running pod that
 * answers HTTP on its pod IP from the host, and a 3-replica Deployment rolls from toolbox:1 to
 * toolbox:2 with every new pod answering `toolbox v2`. Nothing is left on the machine afterwards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdNodeForFile, eventually, httpText } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

interface PodView {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { containers: { image: string }[] };
  status: { phase?: string; podIP?: string; containerStatuses?: { ready: boolean; image: string }[] };
}

async function pods(selector: string): Promise<PodView[]> {
  return (
    JSON.parse(await node().kubectl(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: PodView[] }
  ).items;
}

test('kubectl run: the pod runs and answers from the host on its IP', { skip, timeout: 60_000 }, async () => {
  await node().kubectl(['run', 'web', `--image=${testImages.toolbox1}`]);
  await node().kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=40s']);
  const pod = JSON.parse(await node().kubectl(['get', 'pod', 'web', '-o', 'json'])) as PodView;
  assert.equal(pod.status.phase, 'Running');
  const ip = pod.status.podIP ?? '';
  assert.ok(
    ip.startsWith(node().podCidr.split('.').slice(0, 3).join('.')),
    `pod IP ${ip} in ${node().podCidr}`,
  );
  assert.equal(await eventually(() => httpText(`http://${ip}:8080/`), 10_000, 'HTTP answer'), 'toolbox v1');
  const wide = await node().kubectl(['get', 'pod', 'web', '-o', 'wide', '--no-headers']);
  assert.match(
    wide,
    new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${ip.replaceAll('.', '\\.')}\\s+${node().nodeName}`),
  );
  const events = await node().kubectl([
    'get',
    'events',
    '--field-selector',
    'involvedObject.name=web',
    '-o',
    'jsonpath={.items[*].reason}',
  ]);
  for (const reason of ['Scheduled', 'Created', 'Started'])
    assert.ok(events.split(' ').includes(reason), events);
  await node().kubectl(['delete', 'pod', 'web', '--wait=true', '--timeout=30s']);
});

test('a 3-replica Deployment rolls from toolbox:1 to toolbox:2', { skip, timeout: 80_000 }, async () => {
  await node().kubectl(['create', 'deployment', 'roll', `--image=${testImages.toolbox1}`, '--replicas=3']);
  await node().kubectl(['rollout', 'status', 'deployment/roll', '--timeout=40s']);
  const v1 = await pods('app=roll');
  assert.equal(v1.length, 3);
  for (const p of v1) assert.equal(await httpText(`http://${p.status.podIP ?? ''}:8080/`), 'toolbox v1');

  await node().kubectl(['set', 'image', 'deployment/roll', `toolbox=${testImages.toolbox2}`]);
  await node().kubectl(['rollout', 'status', 'deployment/roll', '--timeout=50s']);
  const v2 = await eventually(
    async () => {
      const list = await pods('app=roll');
      const running = list.filter(
        (p) => p.status.phase === 'Running' && p.spec.containers[0]?.image === testImages.toolbox2,
      );
      return running.length === 3 && list.length === 3 ? running : undefined;
    },
    20_000,
    'three toolbox:2 pods and no old ones',
  );
  for (const p of v2) assert.equal(await httpText(`http://${p.status.podIP ?? ''}:8080/`), 'toolbox v2');
  await node().kubectl(['delete', 'deployment', 'roll']);
});
