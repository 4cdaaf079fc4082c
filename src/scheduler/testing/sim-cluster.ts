// API-only cluster pieces for integration tests and the benchmark: Node objects created directly
// (Ready, with allocatable) and a stand-in for the kubelet's part in pod deletion. No node agent.
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import { SharedInformerFactory } from '../../informers/index.js';

/** What a simulated node looks like. */
export interface SimNodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: Taint[];
  readonly extended?: Record<string, string>;
}

/** A Ready Node object with allocatable = capacity (default 32 cpu, 256Gi, 110 pods). */
export function simNode(name: string, o: SimNodeOptions = {}): Node {
  const resources = { cpu: o.cpu ?? '32', memory: o.memory ?? '256Gi', pods: o.pods ?? '110', ...o.extended };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...o.labels,
      },
    },
    spec: o.taints ? { taints: o.taints } : {},
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node is ready' },
      ],
    },
  };
}

const nodesResource = { group: '', version: 'v1', resource: 'nodes' };
const podsResource = { group: '', version: 'v1', resource: 'pods' };

/** Creates Node objects, `concurrency` requests at a time. */
export async function createNodes(
  client: KubeClient,
  nodes: readonly Node[],
  concurrency = 32,
): Promise<void> {
  const api = client.resource<Node>(nodesResource);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, nodes.length) }, async () => {
      while (next < nodes.length) await api.create(nodes[next++]!);
    }),
  );
}

/**
 * Does what kubelets do when a bound pod is deleted: once it is terminating, remove it for good
 * (grace period 0), as if its containers had stopped. Runs until `signal` aborts.
 */
export function finalizeTerminatingPods(client: KubeClient, signal: AbortSignal): Promise<boolean> {
  const factory = new SharedInformerFactory({ client, freeze: false });
  const informer = factory.informerFor<Pod>(podsResource);
  const finalize = (pod: Pod) => {
    const meta = pod.metadata;
    if (!meta?.deletionTimestamp || !pod.spec?.nodeName) return;
    client
      .resource<Pod>(podsResource)
      .namespace(meta.namespace ?? '')
      .delete(meta.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: meta.uid ?? '' } })
      .catch(() => {});
  };
  informer.addEventHandler({ onAdd: finalize, onUpdate: (_old, pod) => finalize(pod) });
  factory.start(signal);
  signal.addEventListener('abort', () => void factory.shutdown(), { once: true });
  return factory.waitForCacheSync(signal);
}
