/**
 * Static pods on the kubelet with containerd (root only): a manifest in --pod-manifest-path runs
 * as a real pod, its mirror pod shows in `kubectl get pods` with the pod's status, a mirror deleted
 * by hand comes back, and removing the manifest stops the pod and deletes its mirror.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  canRunContainers,
  eventually,
  httpText,
  startContainerdNode,
  type ContainerdNode,
} from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const skip = canRunContainers ? false : 'needs root (CI runs as root): real containerd, netns and iptables';
let node: ContainerdNode;
let workDir = '';
let manifests = '';

interface PodJson {
  metadata: {
    name: string;
    uid: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string }[];
  };
  status: { phase?: string; podIP?: string };
}

before(async () => {
  if (skip) return;
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-static-pods-'));
  manifests = join(workDir, 'manifests');
  await mkdir(manifests);
  node = await startContainerdNode({ extraArgs: ['--pod-manifest-path', manifests] });
});

after(async () => {
  if (skip) return;
  // The manifests go first: a static pod is stopped by its kubelet, never through the API.
  await rm(manifests, { recursive: true, force: true });
  if (node !== undefined) {
    await eventually(
      async () => ((await node.kubectl(['get', 'pods', '-o', 'name'])).trim() === '' ? true : undefined),
      30_000,
      'static pods gone',
    ).catch(() => undefined);
    await node.cleanup();
    assert.deepEqual(node.leftovers(), []);
  }
  await rm(workDir, { recursive: true, force: true });
});

async function mirror(name: string): Promise<PodJson | undefined> {
  const out = await node.kubectlRaw(['get', 'pod', name, '-o', 'json']);
  return out.code === 0 ? (JSON.parse(out.stdout) as PodJson) : undefined;
}

test(
  'a static pod from the manifest directory runs and its mirror pod shows in kubectl get pods',
  { skip, timeout: 90_000 },
  async () => {
    const name = `static-web-${node.nodeName}`;
    await writeFile(
      join(manifests, 'web.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: static-web',
        'spec:',
        '  terminationGracePeriodSeconds: 2',
        '  containers:',
        '  - name: web',
        `    image: ${testImages.toolbox1}`,
        '',
      ].join('\n'),
    );
    const running = await eventually(
      async () => {
        const m = await mirror(name);
        return m?.status.phase === 'Running' && m.status.podIP ? m : undefined;
      },
      40_000,
      'the mirror pod Running',
    );
    assert.equal(running.metadata.annotations?.['kubernetes.io/config.source'], 'file');
    assert.equal(
      running.metadata.annotations?.['kubernetes.io/config.mirror'],
      running.metadata.annotations?.['kubernetes.io/config.hash'],
    );
    assert.equal(running.metadata.ownerReferences?.[0]?.kind, 'Node');
    const table = await node.kubectl(['get', 'pods']);
    assert.match(table, new RegExp(`^${name}\\s+1/1\\s+Running\\s+0\\s`, 'm'));
    assert.equal(
      await eventually(() => httpText(`http://${running.status.podIP ?? ''}:8080/`), 10_000, 'HTTP answer'),
      'toolbox v1',
    );

    // Deleting the mirror does not stop the pod: the kubelet makes a new mirror for it.
    await node.kubectl(['delete', 'pod', name, '--wait=false']);
    const again = await eventually(
      async () => {
        const m = await mirror(name);
        return m !== undefined && m.metadata.uid !== running.metadata.uid && m.status.phase === 'Running'
          ? m
          : undefined;
      },
      30_000,
      'a new mirror pod',
    );
    assert.equal(again.status.podIP, running.status.podIP, 'the same pod keeps running');

    // Removing the manifest stops the pod and removes its mirror.
    await unlink(join(manifests, 'web.yaml'));
    await eventually(
      async () => ((await mirror(name)) === undefined ? true : undefined),
      30_000,
      'mirror gone',
    );
    await eventually(
      async () => {
        try {
          await httpText(`http://${running.status.podIP ?? ''}:8080/`, 500);
          return undefined;
        } catch {
          return true;
        }
      },
      15_000,
      'the static pod stopped',
    );
  },
);
