/**
 * The kubelet API of a real containerd node (root only): the port in the Node's daemonEndpoints
 * answers HTTPS to the cluster admin's client certificate, /stats/summary reports non-zero CPU and
 * memory for a running pod and its container (from their cgroups), with network, rootfs, logs and
 * the node's own figures, and /metrics/cadvisor has the container's series with upstream's labels;
 * `kubectl get --raw .../proxy/stats/summary` reaches it through the apiserver.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Summary } from '../../src/kubelet/stats/summary-types.js';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

async function kubeletGet(path: string): Promise<{ status: number; body: string }> {
  const n = node();
  const port = Number(
    await n.kubectl([
      'get',
      'node',
      n.nodeName,
      '-o',
      'jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}',
    ]),
  );
  const [cert, key] = await Promise.all([
    readFile(join(n.dataDir, 'pki', 'admin.crt'), 'utf8'),
    readFile(join(n.dataDir, 'pki', 'admin.key'), 'utf8'),
  ]);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, cert, key, rejectUnauthorized: false, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const busyPod = `apiVersion: v1
kind: Pod
metadata:
  name: busy
spec:
  # sh as PID 1 ignores SIGTERM: do not wait 30 s for it at the end.
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: ${testImages.toolbox1}
    command: ['sh', '-c', 'echo started; while true; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 1; done']
`;

test(
  '/stats/summary and /metrics/cadvisor report a running pod from its cgroups',
  { skip, timeout: 120_000 },
  async () => {
    await node().kubectl(['apply', '-f', '-'], busyPod);
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/busy', '--timeout=40s']);
    const uid = await node().kubectl(['get', 'pod', 'busy', '-o', 'jsonpath={.metadata.uid}']);

    // CPU rates need a housekeeping sample (every 10 s) older than the pod's first second.
    const summary = await eventually(
      async () => {
        const res = await kubeletGet('/stats/summary');
        if (res.status !== 200) throw new Error(`${res.status} ${res.body}`);
        const s = JSON.parse(res.body) as Summary;
        const pod = s.pods.find((p) => p.podRef.name === 'busy');
        const app = pod?.containers.find((c) => c.name === 'app');
        return (pod?.cpu?.usageNanoCores ?? 0) > 0 && (app?.cpu?.usageNanoCores ?? 0) > 0 ? s : undefined;
      },
      40_000,
      'CPU rates for the busy pod',
    );
    const { node: n } = summary;
    assert.equal(n.nodeName, node().nodeName);
    assert.ok(
      (n.cpu?.usageNanoCores ?? 0) > 0 && (n.cpu?.usageCoreNanoSeconds ?? 0) > 0,
      JSON.stringify(n.cpu),
    );
    assert.ok((n.memory?.workingSetBytes ?? 0) > 0 && (n.memory?.availableBytes ?? 0) > 0);
    assert.ok((n.fs?.capacityBytes ?? 0) > 0 && (n.runtime?.imageFs?.capacityBytes ?? 0) > 0);
    assert.ok((n.rlimit?.maxpid ?? 0) > 0);
    assert.ok(n.systemContainers?.some((c) => c.name === 'pods' && (c.memory?.workingSetBytes ?? 0) > 0));
    assert.ok(n.systemContainers?.some((c) => c.name === 'kubelet'));

    const pod = summary.pods.find((p) => p.podRef.name === 'busy')!;
    assert.deepEqual(pod.podRef, { name: 'busy', namespace: 'default', uid });
    assert.ok((pod.cpu?.usageCoreNanoSeconds ?? 0) > 0);
    assert.ok((pod.memory?.workingSetBytes ?? 0) > 0);
    assert.equal(pod.network?.name, 'eth0');
    assert.ok((pod.network?.rxBytes ?? -1) >= 0);
    assert.ok((pod.process_stats?.process_count ?? 0) >= 2, 'pause and sh');
    assert.ok((pod['ephemeral-storage']?.usedBytes ?? 0) > 0);
    const app = pod.containers.find((c) => c.name === 'app')!;
    assert.ok((app.cpu?.usageCoreNanoSeconds ?? 0) > 0);
    assert.ok((app.memory?.workingSetBytes ?? 0) > 0);
    assert.ok((app.rootfs?.capacityBytes ?? 0) > 0 && app.rootfs?.usedBytes !== undefined);
    assert.ok((app.logs?.usedBytes ?? 0) > 0, 'the log holds "started"');

    const cadvisor = await kubeletGet('/metrics/cadvisor');
    assert.equal(cadvisor.status, 200);
    const cid = (
      await node().kubectl([
        'get',
        'pod',
        'busy',
        '-o',
        'jsonpath={.status.containerStatuses[0].containerID}',
      ])
    ).replace(/^containerd:\/\//, '');
    const labels = `container="app",cpu="total",id="[^"]*/pod${uid}/${cid}",image="${testImages.toolbox1}",name="${cid}",namespace="default",pod="busy"`;
    const cpuLine = new RegExp(`^container_cpu_usage_seconds_total\\{${labels}\\} (\\S+) \\d+$`, 'm').exec(
      cadvisor.body,
    );
    const busyCpu = cadvisor.body
      .split('\n')
      .filter((l) => l.startsWith('container_cpu_usage') && l.includes('busy'));
    assert.ok(
      cpuLine !== null && Number(cpuLine[1]) > 0,
      `the container CPU series in:\n${busyCpu.join('\n')}`,
    );
    assert.match(
      cadvisor.body,
      new RegExp(
        `^container_memory_working_set_bytes\\{${labels.replace(',cpu="total"', '')}\\} [1-9]\\S* \\d+$`,
        'm',
      ),
    );
    assert.match(
      cadvisor.body,
      new RegExp(
        `^container_cpu_usage_seconds_total\\{container="",cpu="total",id="[^"]*/pod${uid}",image="",name="",namespace="default",pod="busy"\\} `,
        'm',
      ),
    );

    await node().kubectl(['delete', 'pod', 'busy', '--wait=true', '--timeout=30s']);
  },
);

test(
  'kubectl get --raw reaches the same summary through the apiserver node proxy',
  { skip, timeout: 60_000 },
  async () => {
    const n = node();
    const raw = await n.kubectl(['get', '--raw', `/api/v1/nodes/${n.nodeName}/proxy/stats/summary`]);
    const s = JSON.parse(raw) as Summary;
    assert.equal(s.node.nodeName, n.nodeName);
    assert.ok((s.node.memory?.workingSetBytes ?? 0) > 0);
    assert.ok(Array.isArray(s.pods));
  },
);
