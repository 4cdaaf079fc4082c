/**
 * Pod lifecycle on the kubelet with containerd (root only): a failing liveness probe restarts the
 * container (Unhealthy and Killing events), a readiness probe gates Ready, Jobs complete or retry
 * to their backoffLimit, and deleting a pod runs its preStop hook, delivers SIGTERM and removes it
 * within the grace period.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

interface PodJson {
  status: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      restartCount: number;
      ready: boolean;
      lastState?: { terminated?: { exitCode: number } };
    }[];
  };
}

async function pod(name: string): Promise<PodJson> {
  return JSON.parse(await node().kubectl(['get', 'pod', name, '-o', 'json'])) as PodJson;
}

async function reasons(name: string): Promise<string[]> {
  const out = await node().kubectl([
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${name}`,
    '-o',
    'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
  ]);
  return out.split('\n').filter((l) => l !== '');
}

const condition = (p: PodJson, type: string) => p.status.conditions?.find((c) => c.type === type)?.status;

test(
  'probes: liveness failures restart the container, readiness gates Ready',
  { skip, timeout: 60_000 },
  async () => {
    await node().kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'liveness' },
            spec: {
              terminationGracePeriodSeconds: 2,
              containers: [
                {
                  name: 'app',
                  image: testImages.toolbox1,
                  livenessProbe: {
                    httpGet: { path: '/missing', port: 8080 },
                    periodSeconds: 1,
                    failureThreshold: 2,
                  },
                },
              ],
            },
          },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'readiness' },
            spec: {
              terminationGracePeriodSeconds: 2,
              containers: [
                {
                  name: 'app',
                  image: testImages.toolbox1,
                  command: ['sh', '-c', 'sleep 4; touch /tmp/ready; exec /bin/serve'],
                  readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
                },
              ],
            },
          },
        ],
      }),
    );
    // Running but not yet ready: the probe has not passed.
    const unready = await eventually(
      async () => {
        const p = await pod('readiness');
        return p.status.phase === 'Running' ? p : undefined;
      },
      20_000,
      'readiness pod Running',
    );
    assert.equal(condition(unready, 'Ready'), 'False');
    assert.equal(condition(unready, 'ContainersReady'), 'False');
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/readiness', '--timeout=20s']);

    const restarted = await eventually(
      async () => {
        const p = await pod('liveness');
        return (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
      },
      30_000,
      'a liveness restart',
    );
    assert.ok((restarted.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    const seen = await reasons('liveness');
    assert.ok(seen.includes('Unhealthy') && seen.includes('Killing'), seen.join(','));
    await node().kubectl(['delete', 'pod', 'liveness', 'readiness', '--wait=true', '--timeout=30s']);
  },
);

test('Jobs: exit 0 completes, exit 1 is retried up to backoffLimit', { skip, timeout: 70_000 }, async () => {
  const job = (name: string, code: number) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      backoffLimit: 1,
      template: {
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'c', image: testImages.toolbox1, command: ['sh', '-c', `exit ${code}`] }],
        },
      },
    },
  });
  await node().kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [job('ok', 0), job('fail', 1)] }),
  );
  await node().kubectl(['wait', '--for=condition=Complete', 'job/ok', '--timeout=30s']);
  await node().kubectl(['wait', '--for=condition=Failed', 'job/fail', '--timeout=50s']);
  const failed = JSON.parse(await node().kubectl(['get', 'pods', '-l', 'job-name=fail', '-o', 'json'])) as {
    items: {
      status: {
        phase: string;
        containerStatuses: { state: { terminated?: { exitCode: number; reason: string } } }[];
      };
    }[];
  };
  assert.equal(failed.items.length, 2, 'the first try and one retry');
  for (const p of failed.items) {
    assert.equal(p.status.phase, 'Failed');
    const terminated = p.status.containerStatuses[0]?.state.terminated;
    assert.deepEqual([terminated?.exitCode, terminated?.reason], [1, 'Error']);
  }
  const ok = JSON.parse(await node().kubectl(['get', 'pods', '-l', 'job-name=ok', '-o', 'json'])) as {
    items: { status: { phase: string } }[];
  };
  assert.deepEqual(
    ok.items.map((p) => p.status.phase),
    ['Succeeded'],
  );
  await node().kubectl([
    'delete',
    'job',
    'ok',
    'fail',
    '--cascade=foreground',
    '--wait=true',
    '--timeout=30s',
  ]);
});

test(
  'deleting a pod runs preStop, delivers SIGTERM and is done within the grace period',
  { skip, timeout: 60_000 },
  async () => {
    const hostDir = join(node().dataDir, 'hook-log');
    await node().kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stopper' },
        spec: {
          terminationGracePeriodSeconds: 20,
          volumes: [{ name: 'log', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } }],
          containers: [
            {
              name: 'app',
              image: testImages.toolbox1,
              command: [
                'sh',
                '-c',
                'trap "echo term >> /log/events; exit 0" TERM; while true; do sleep 0.1; done',
              ],
              volumeMounts: [{ name: 'log', mountPath: '/log' }],
              lifecycle: {
                preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /log/events; sleep 1'] } },
              },
            },
          ],
        },
      }),
    );
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/stopper', '--timeout=30s']);
    const started = Date.now();
    await node().kubectl(['delete', 'pod', 'stopper', '--wait=true', '--timeout=30s']);
    const took = Date.now() - started;
    assert.ok(took < 20_000, `gone after ${took} ms, within the 20 s grace period`);
    assert.equal(await readFile(join(hostDir, 'events'), 'utf8'), 'prestop\nterm\n');
    const seen = await reasons('stopper');
    assert.ok(seen.includes('Killing'), seen.join(','));
  },
);
