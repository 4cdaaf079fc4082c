// A real apiserver (bin/k8ts, memory datastore) plus object builders for the integration tests
// of the cluster-infrastructure controllers. Needs `npm run build` first.
import type { Namespace, Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../../base/logger.js';
import { KubeClient } from '../../client/index.js';
import { startTestServer, type TestServer } from '../../client/testing/test-server.js';
import { namespacesResource, nodesResource, podsResource } from './infra-resources.js';

/** A running test apiserver and an admin client for it. */
export interface TestCluster {
  readonly server: TestServer;
  readonly client: KubeClient;
  /** Creates a namespace and returns its name. */
  namespace(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `k8ts server --node-runtime none` on the memory datastore with an unthrottled client. */
export async function startTestCluster(): Promise<TestCluster> {
  const server = await startTestServer();
  const client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    qps: Infinity,
    logger: createLogger('test', { write: () => {} }),
  });
  return {
    server,
    client,
    async namespace(name) {
      await client.resource<Namespace>(namespacesResource).create({ metadata: { name } });
      return name;
    },
    async stop() {
      client.close();
      await server.stop();
    },
  };
}

/** A minimal pod with one container exposing the given named ports. */
export function podObject(
  namespace: string,
  name: string,
  options: {
    labels?: Record<string, string>;
    nodeName?: string;
    ports?: Record<string, number>;
    extra?: Partial<Pod['spec']>;
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec: {
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      containers: [
        {
          name: 'c',
          image: 'pause',
          ports: Object.entries(options.ports ?? {}).map(([portName, containerPort]) => ({
            name: portName,
            containerPort,
          })),
        },
      ],
      ...(options.extra ?? {}),
    },
  };
}

/** Creates a pod and gives it a Running status with `ip`, Ready `ready`. */
export async function createRunningPod(
  client: KubeClient,
  pod: Pod,
  ip: string,
  ready: boolean,
): Promise<Pod> {
  const pods = client.resource<Pod>(podsResource).namespace(pod.metadata?.namespace ?? '');
  await pods.create(pod);
  return setPodStatus(client, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', ip, ready);
}

/** Writes a Running status with `ip` and a Ready condition to an existing pod. */
export async function setPodStatus(
  client: KubeClient,
  namespace: string,
  name: string,
  ip: string,
  ready: boolean,
  lastTransitionTime = new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
): Promise<Pod> {
  const conditions: PodCondition[] = [
    { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime },
  ];
  return client
    .resource<Pod>(podsResource)
    .namespace(namespace)
    .patch(
      name,
      'merge',
      { status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions } },
      { subresource: 'status' },
    );
}

/** Creates a Node with these labels and a Ready=True condition. */
export async function createNode(
  client: KubeClient,
  name: string,
  labels: Record<string, string> = {},
  spec: Node['spec'] = {},
): Promise<Node> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return client.resource<Node>(nodesResource).create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
    },
  });
}
