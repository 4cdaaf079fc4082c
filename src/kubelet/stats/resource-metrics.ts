// /metrics/resource (what metrics-server scrapes): upstream's resource metrics collector over the
// CPU-and-memory summary — node, pod and container CPU seconds and working sets, container start
// times, each stamped with when it was measured, and resource_scrape_error.
import type { Summary } from './summary-types.js';
import { renderTimestampedFamilies, type TimestampedSample } from './timestamped-families.js';

const ms = (rfc3339: string) => Date.parse(rfc3339);

/** The /metrics/resource body for a CPU-and-memory summary (undefined: it could not be read). */
export function renderResourceMetrics(summary: Summary | undefined): string {
  const nodeCpu: TimestampedSample[] = [];
  const nodeMemory: TimestampedSample[] = [];
  const podCpu: TimestampedSample[] = [];
  const podMemory: TimestampedSample[] = [];
  const containerCpu: TimestampedSample[] = [];
  const containerMemory: TimestampedSample[] = [];
  const containerStart: TimestampedSample[] = [];
  const node = summary?.node;
  if (node?.cpu?.usageCoreNanoSeconds !== undefined)
    nodeCpu.push({ labels: {}, value: node.cpu.usageCoreNanoSeconds / 1e9, timestampMs: ms(node.cpu.time) });
  if (node?.memory?.workingSetBytes !== undefined)
    nodeMemory.push({ labels: {}, value: node.memory.workingSetBytes, timestampMs: ms(node.memory.time) });
  for (const p of summary?.pods ?? []) {
    const pod = { namespace: p.podRef.namespace, pod: p.podRef.name };
    if (p.cpu?.usageCoreNanoSeconds !== undefined)
      podCpu.push({ labels: pod, value: p.cpu.usageCoreNanoSeconds / 1e9, timestampMs: ms(p.cpu.time) });
    if (p.memory?.workingSetBytes !== undefined)
      podMemory.push({ labels: pod, value: p.memory.workingSetBytes, timestampMs: ms(p.memory.time) });
    for (const c of p.containers) {
      const labels = { ...pod, container: c.name };
      if (c.cpu?.usageCoreNanoSeconds !== undefined)
        containerCpu.push({ labels, value: c.cpu.usageCoreNanoSeconds / 1e9, timestampMs: ms(c.cpu.time) });
      if (c.memory?.workingSetBytes !== undefined)
        containerMemory.push({ labels, value: c.memory.workingSetBytes, timestampMs: ms(c.memory.time) });
      containerStart.push({ labels, value: ms(c.startTime) / 1000, timestampMs: ms(c.startTime) });
    }
  }
  return renderTimestampedFamilies([
    {
      name: 'container_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds',
      type: 'counter',
      samples: containerCpu,
    },
    {
      name: 'container_memory_working_set_bytes',
      help: '[STABLE] Current working set of the container in bytes',
      type: 'gauge',
      samples: containerMemory,
    },
    {
      name: 'container_start_time_seconds',
      help: '[STABLE] Start time of the container since unix epoch in seconds',
      type: 'gauge',
      samples: containerStart,
    },
    {
      name: 'node_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds',
      type: 'counter',
      samples: nodeCpu,
    },
    {
      name: 'node_memory_working_set_bytes',
      help: '[STABLE] Current working set of the node in bytes',
      type: 'gauge',
      samples: nodeMemory,
    },
    {
      name: 'pod_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds',
      type: 'counter',
      samples: podCpu,
    },
    {
      name: 'pod_memory_working_set_bytes',
      help: '[STABLE] Current working set of the pod in bytes',
      type: 'gauge',
      samples: podMemory,
    },
    {
      name: 'resource_scrape_error',
      help: '[STABLE] 1 if there was an error while getting container metrics, 0 otherwise',
      type: 'gauge',
      samples: [{ labels: {}, value: summary === undefined ? 1 : 0 }],
    },
  ]);
}
