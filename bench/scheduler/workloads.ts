// The scheduler_perf-equivalent workloads: node shapes, the pods that fill the cluster first, and
// the measured pods (kubernetes/kubernetes test/integration/scheduler_perf templates, trimmed).
import type { Pod } from 'kubernetes-types/core/v1.js';

/** One benchmark workload. */
export interface Workload {
  /** e.g. "SchedulingBasic". */
  readonly name: string;
  readonly nodes: number;
  /** Pods scheduled before measuring (not measured). */
  readonly initPods: number;
  readonly initTemplate: Pod;
  readonly measuredPods: number;
  readonly measuredTemplate: Pod;
  /** A stand-in kubelet must finish graceful deletions (preemption victims). */
  readonly needsKubelet?: boolean;
}

const pause = 'registry.k8s.io/pause:3.10';

function podWith(
  spec: Partial<NonNullable<Pod['spec']>>,
  labels: Record<string, string> = {},
  cpu = '100m',
  memory = '500Mi',
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels },
    spec: {
      containers: [
        {
          name: 'pause',
          image: pause,
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu, memory }, limits: { cpu, memory } },
        },
      ],
      ...spec,
    },
  };
}

/** pod-default.yaml: 100m / 500Mi. */
export const defaultPod = podWith({});

/** pod-with-pod-anti-affinity.yaml: one "color: green" pod per host. */
export const antiAffinityPod = podWith(
  {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  },
  { color: 'green' },
);

/** pod-with-topology-spreading.yaml: zones kept within maxSkew 5 of each other. */
export const topologySpreadingPod = podWith(
  {
    topologySpreadConstraints: [
      {
        maxSkew: 5,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { color: 'blue' } },
      },
    ],
  },
  { color: 'blue' },
);

/** pod-with-node-affinity.yaml: required affinity to half of the nodes. */
export const nodeAffinityPod = podWith({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'bench.k8ts.io/group', operator: 'In', values: ['a'] }] },
        ],
      },
    },
  },
});

/** pod-low-priority.yaml for preemption: four of them fill a 4-cpu node. */
export const lowPriorityPod = podWith({ priority: 1 }, {}, '900m', '1Gi');
/** pod-high-priority.yaml: needs three low-priority pods evicted to fit. */
export const highPriorityPod = podWith({ priority: 10 }, {}, '3', '1Gi');

/** The workloads, full size or --quick (SchedulingBasic 5000/10000 in full; the rest shrunk to stay near a minute). */
export function workloads(quick: boolean): { small: Workload[]; large: Workload[] } {
  const small: Workload[] = [
    ...(quick
      ? []
      : [
          {
            name: 'SchedulingBasic',
            nodes: 500,
            initPods: 500,
            initTemplate: defaultPod,
            measuredPods: 1000,
            measuredTemplate: defaultPod,
          },
        ]),
    {
      name: 'Preemption',
      nodes: 500,
      initPods: 2000,
      initTemplate: lowPriorityPod,
      measuredPods: quick ? 100 : 500,
      measuredTemplate: highPriorityPod,
      needsKubelet: true,
    },
  ];
  const large: Workload[] = [
    {
      name: 'SchedulingBasic',
      nodes: 5000,
      initPods: 1000,
      initTemplate: defaultPod,
      measuredPods: 10_000,
      measuredTemplate: defaultPod,
    },
    {
      name: 'SchedulingPodAntiAffinity',
      nodes: 5000,
      initPods: quick ? 100 : 1000,
      initTemplate: antiAffinityPod,
      measuredPods: quick ? 300 : 2000,
      measuredTemplate: antiAffinityPod,
    },
    {
      name: 'TopologySpreading',
      nodes: 5000,
      initPods: quick ? 0 : 1000,
      initTemplate: defaultPod,
      measuredPods: quick ? 500 : 5000,
      measuredTemplate: topologySpreadingPod,
    },
    {
      name: 'SchedulingNodeAffinity',
      nodes: 5000,
      initPods: quick ? 0 : 5000,
      initTemplate: nodeAffinityPod,
      measuredPods: quick ? 1000 : 10_000,
      measuredTemplate: nodeAffinityPod,
    },
  ];
  return { small, large };
}
