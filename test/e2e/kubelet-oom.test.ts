/**
 * Memory limits on the kubelet with containerd (root only): a container that goes over its 32Mi
 * limit is killed by the kernel's OOM killer inside its cgroup, reported OOMKilled (exit 137), and
 * restarted — or not — as its pod's restartPolicy says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

interface Terminated {
  exitCode: number;
  reason?: string;
}

interface PodJson {
  status: {
    phase?: string;
    containerStatuses?: {
      restartCount: number;
      state?: { terminated?: Terminated; waiting?: { reason?: string } };
      lastState?: { terminated?: Terminated };
    }[];
  };
}

async function pod(name: string): Promise<PodJson> {
  return JSON.parse(await node().kubectl(['get', 'pod', name, '-o', 'json'])) as PodJson;
}

// dd's 64 MiB block buffer is filled from /dev/zero: the cgroup's 32Mi limit is hit at once, and
// dd is the container's main process, so the container itself dies of the OOM kill.
const hog = (name: string, restartPolicy: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    restartPolicy,
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'hog',
        image: testImages.toolbox1,
        command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'],
        resources: { limits: { memory: '32Mi' } },
      },
    ],
  },
});

test(
  'a container over its 32Mi memory limit is OOMKilled and restarted per its restart policy',
  { skip, timeout: 90_000 },
  async () => {
    await node().kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [hog('oom-always', 'Always'), hog('oom-never', 'Never')],
      }),
    );

    const restarted = await eventually(
      async () => {
        const p = await pod('oom-always');
        const cs = p.status.containerStatuses?.[0];
        return (cs?.restartCount ?? 0) >= 1 && cs?.lastState?.terminated !== undefined ? p : undefined;
      },
      60_000,
      'oom-always restarted',
    );
    const always = restarted.status.containerStatuses?.[0];
    assert.deepEqual(
      [always?.lastState?.terminated?.reason, always?.lastState?.terminated?.exitCode],
      ['OOMKilled', 137],
    );
    assert.equal(restarted.status.phase, 'Running', 'restartPolicy Always keeps the pod Running');

    const failed = await eventually(
      async () => {
        const p = await pod('oom-never');
        return p.status.phase === 'Failed' ? p : undefined;
      },
      60_000,
      'oom-never Failed',
    );
    const never = failed.status.containerStatuses?.[0];
    assert.deepEqual(
      [never?.state?.terminated?.reason, never?.state?.terminated?.exitCode, never?.restartCount],
      ['OOMKilled', 137, 0],
    );

    // It keeps dying, so the restarts back off (CrashLoopBackOff).
    await eventually(
      async () => {
        const events = await node().kubectl([
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=oom-always',
          '-o',
          'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
        ]);
        return /^BackOff$/m.test(events) ? true : undefined;
      },
      30_000,
      'a BackOff event',
    );
    await node().kubectl(['delete', 'pod', 'oom-always', 'oom-never', '--wait=true', '--timeout=30s']);
  },
);
