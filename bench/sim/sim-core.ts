/**
 * The simulator's own cost, without an apiserver: 5,000 node agents and N pods driven through
 * SimPods (state machines, timer queue, write queue, status generation and the JSON patch body),
 * with every write answered at once by a transport at the process boundary. Shows what one
 * process spends per pod when the apiserver is not the limit, and the heap the pod state takes.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../../src/base/logger.js';
import { systemClock } from '../../src/base/clock.js';
import { KubeClient } from '../../src/client/index.js';
import { FakeTransport } from '../../src/client/testing/fake-transport.js';
import { Indexer, Lister } from '../../src/informers/index.js';
import { leasesResource } from '../../src/kubelet/node-lease.js';
import { WriteQueue } from '../../src/kubelet/write-queue.js';
import { SimNodeAgent } from '../../src/kubelet/sim/sim-node-agent.js';
import { simNodeProfiles } from '../../src/kubelet/sim/sim-node-profile.js';
import { podsByNodeIndex, SimPods } from '../../src/kubelet/sim/sim-pods.js';

/** What simCore measured. */
export interface SimCoreResult {
  readonly pods: number;
  readonly seconds: number;
  readonly pods_per_s: number;
  readonly cpu_us_per_pod: number;
  readonly state_kb_per_pod: number;
  /** Heap per pod once running (state plus the status manager's cached conditions). */
  readonly running_kb_per_pod: number;
  readonly cache_kb_per_pod: number;
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function podOf(i: number, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `p-${i}`,
      namespace: 'default',
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(i + 1),
      labels: { app: 'bench', 'pod-template-hash': '5d4f8c7b9' },
    },
    spec: {
      nodeName: node,
      restartPolicy: 'Always',
      containers: [
        {
          name: 'c',
          image: 'registry.local/app:1',
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

/** Runs `pods` pods on 5,000 simulated nodes to Running against an instantly answering transport. */
export async function simCore(pods: number): Promise<SimCoreResult> {
  const transport: FakeTransport = new FakeTransport({
    handler: () => {
      // The fake records every request; only the answers matter here.
      transport.requests.length = 0;
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: (async function* () {
          yield Buffer.from('{}');
        })(),
      };
    },
  });
  const client = new KubeClient({ transport, qps: Infinity });
  const indexer = new Indexer<Pod>({
    freeze: false,
    indexers: { [podsByNodeIndex]: (p: Pod) => [p.spec?.nodeName ?? ''] },
  });
  const lister = new Lister<Pod>({ indexer });
  const leases = client.resource<Lease>(leasesResource);
  const agents = simNodeProfiles({ count: 5000 }).map(
    (profile) => new SimNodeAgent({ profile, leases, leaseDurationSeconds: 40 }),
  );
  agents.forEach((a, i) => {
    const node: Node = {
      metadata: { name: a.name, uid: `n-${i}` },
      spec: { podCIDR: `10.${64 + (i >> 8)}.${i & 255}.0/24` },
    };
    a.observe(node, Date.now());
    a.registered = true;
  });
  const byName = new Map(agents.map((a) => [a.name, a]));
  const writes: WriteQueue<string> = new WriteQueue<string>({
    clock: systemClock,
    concurrency: 64,
    lanes: 3,
    write: (key) => simPods.write(key.slice(2)),
  });
  const simPods: SimPods = new SimPods({
    clock: systemClock,
    pods: client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }),
    lister,
    writes,
    agentOf: (name) => byName.get(name),
    timing: { startMs: 500, initContainerMs: 500, maxTerminationMs: 1000 },
    logger: createLogger('sim-core', { level: 'warn' }),
  });

  const heap0 = heapMb();
  const objects = Array.from({ length: pods }, (_, i) => podOf(i, agents[i % agents.length]!.name));
  for (const p of objects) indexer.add(p);
  const heapWithCache = heapMb();
  const cacheHeap = heapWithCache - heap0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const p of objects) simPods.onPod(p);
  const stateHeap = heapMb() - heapWithCache;
  // Done when no pod has anything left to happen and every status is written.
  while (simPods.scheduled > 0 || writes.pending + writes.inFlight > 0)
    await new Promise((r) => setTimeout(r, 50));
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const runningHeap = heapMb() - heapWithCache;
  simPods.close();
  writes.close();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    pods,
    seconds: round(ms / 1000),
    pods_per_s: Math.round((pods / ms) * 1000),
    cpu_us_per_pod: Math.round((cpu.user + cpu.system) / pods),
    state_kb_per_pod: round((stateHeap * 1024) / pods),
    running_kb_per_pod: round((runningHeap * 1024) / pods),
    cache_kb_per_pod: round((cacheHeap * 1024) / pods),
  };
}
