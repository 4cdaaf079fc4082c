// The kubelet's own /metrics (upstream's legacy registry, a handful of its families): the node name,
// pods with a running sandbox and containers by state (read from the runtime at scrape time, as
// upstream's collectors do from its runtime cache), the API requests served, and the process start.
import { Registry, type Counter, type Gauge } from '../../base/metrics/index.js';
import type { RuntimeService } from '../cri/runtime-service.js';

// Upstream's request buckets: the path's first segment, or two under /metrics.
const pathBuckets = new Set([
  'healthz',
  'pods',
  'stats',
  'metrics',
  'metrics/cadvisor',
  'metrics/probes',
  'metrics/resource',
  'run',
  'exec',
  'attach',
  'portForward',
  'containerLogs',
  'runningpods',
  'logs',
  'checkpoint',
]);
const methodBuckets = new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']);
// Upstream's list spells portforward in lower case, so /portForward requests count as short ones.
const longRunning = new Set(['exec', 'attach', 'portforward', 'debug']);

/** The metric bucket of a request path (upstream getURLRootPath + its registered buckets). */
export function requestPathBucket(path: string): string {
  const parts = path.replace(/^\//, '').split('/');
  const root = parts[0] === 'metrics' && parts.length > 1 ? `metrics/${parts[1]}` : (parts[0] ?? '');
  return pathBuckets.has(root) ? root : 'other';
}

/** The kubelet's registry. */
export class KubeletMetrics {
  readonly registry = new Registry();
  private readonly runningPods: Gauge;
  private readonly runningContainers: Gauge<readonly ['container_state']>;
  private readonly requests: Counter<readonly ['long_running', 'method', 'path', 'server_type']>;

  constructor(nodeName: string, processStartSeconds: number) {
    this.registry
      .gauge({
        name: 'kubelet_node_name',
        help: "[ALPHA] The node's name. The count is always 1.",
        labelNames: ['node'],
      })
      .labels(nodeName)
      .set(1);
    this.runningPods = this.registry.gauge({
      name: 'kubelet_running_pods',
      help: '[ALPHA] Number of pods that have a running pod sandbox',
    });
    this.runningContainers = this.registry.gauge({
      name: 'kubelet_running_containers',
      help: '[ALPHA] Number of containers currently running',
      labelNames: ['container_state'],
    });
    this.requests = this.registry.counter({
      name: 'kubelet_http_requests_total',
      help: '[ALPHA] Number of the http requests received since the server started',
      labelNames: ['long_running', 'method', 'path', 'server_type'],
    });
    this.registry
      .gauge({
        name: 'process_start_time_seconds',
        help: '[ALPHA] Start time of the process since unix epoch in seconds.',
      })
      .set(processStartSeconds);
  }

  /** Counts one API request. */
  observeRequest(method: string, path: string): void {
    const bucket = requestPathBucket(path);
    this.requests
      .labels(
        String(longRunning.has(bucket)),
        methodBuckets.has(method) ? method : 'other',
        bucket,
        'readwrite',
      )
      .inc();
  }

  /** The /metrics body, with the runtime's pods and containers counted now. */
  async render(runtime: RuntimeService): Promise<string> {
    const [sandboxes, containers] = await Promise.all([
      runtime.listPodSandbox({}).then((r) => r.items),
      runtime.listContainers({}).then((r) => r.containers),
    ]);
    this.runningPods.set(sandboxes.filter((s) => s.state === 'SANDBOX_READY').length);
    const byState = new Map<string, number>([
      ['created', 0],
      ['exited', 0],
      ['running', 0],
      ['unknown', 0],
    ]);
    for (const c of containers) {
      const state = c.state.replace(/^CONTAINER_/, '').toLowerCase();
      byState.set(state, (byState.get(state) ?? 0) + 1);
    }
    for (const [state, n] of byState) this.runningContainers.labels(state).set(n);
    return this.registry.render();
  }
}
