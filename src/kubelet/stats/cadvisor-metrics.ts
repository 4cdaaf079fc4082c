// /metrics/cadvisor from a NodeObservation: cAdvisor's per-cgroup families (CPU, memory, network,
// start time) for the machine ("/"), the system cgroups, each pod cgroup, sandbox and running
// container, with the labels the kubelet gives them — container, id (the cgroup), image, name (the
// runtime's container id), namespace, pod — plus the machine families. Names, help texts and
// timestamps as cAdvisor writes them, so Prometheus rules written for a real kubelet work.
import type { InterfaceCounters } from './network-devices.js';
import type { CgroupObservation, NodeObservation } from './node-observation.js';
import {
  renderTimestampedFamilies,
  type TimestampedFamily,
  type TimestampedSample,
} from './timestamped-families.js';

interface Entry {
  readonly labels: Readonly<Record<string, string>>;
  readonly cgroup: CgroupObservation;
  readonly startTime: number;
  readonly network?: { readonly time: number; readonly interfaces: readonly InterfaceCounters[] };
}

function labels(
  id: string,
  pod?: { name: string; namespace: string },
  container?: { name: string; image: string; id: string },
): Record<string, string> {
  return {
    container: container?.name ?? '',
    id,
    image: container?.image ?? '',
    name: container?.id ?? '',
    namespace: pod?.namespace ?? '',
    pod: pod?.name ?? '',
  };
}

function entries(obs: NodeObservation): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  const add = (e: Entry) => {
    if (seen.has(e.cgroup.cgroup)) return;
    seen.add(e.cgroup.cgroup);
    out.push(e);
  };
  if (obs.root !== undefined)
    add({
      labels: labels('/'),
      cgroup: obs.root,
      startTime: obs.bootTime,
      ...(obs.network !== undefined ? { network: obs.network } : {}),
    });
  for (const s of obs.systemContainers)
    if (s.cgroup !== undefined)
      add({ labels: labels(s.cgroup.cgroup), cgroup: s.cgroup, startTime: s.startTime });
  for (const p of obs.pods) {
    const pod = { name: p.pod.name, namespace: p.pod.namespace };
    if (p.cgroup !== undefined)
      add({ labels: labels(p.cgroup.cgroup, pod), cgroup: p.cgroup, startTime: p.pod.createdAt });
    // The pause process holds the pod's network namespace: its traffic is reported there.
    if (p.sandbox !== undefined)
      add({
        labels: labels(p.sandbox.cgroup, pod, { name: '', image: obs.sandboxImage, id: p.pod.sandboxId }),
        cgroup: p.sandbox,
        startTime: p.pod.createdAt,
        ...(p.network !== undefined ? { network: p.network } : {}),
      });
    for (const c of p.containers)
      if (c.cgroup !== undefined)
        add({
          labels: labels(c.cgroup.cgroup, pod, {
            name: c.container.name,
            image: c.container.image,
            id: c.container.id,
          }),
          cgroup: c.cgroup,
          startTime: c.container.createdAt,
        });
  }
  return out;
}

type Pick = (e: Entry) => { value: number; extra?: Record<string, string>; timestamped?: boolean }[];

function family(
  name: string,
  help: string,
  type: 'counter' | 'gauge',
  all: readonly Entry[],
  pick: Pick,
): TimestampedFamily {
  const samples: TimestampedSample[] = [];
  for (const e of all)
    for (const v of pick(e))
      samples.push({
        labels: { ...e.labels, ...v.extra },
        value: v.value,
        ...(v.timestamped !== false ? { timestampMs: e.cgroup.time } : {}),
      });
  return { name, help, type, samples };
}

const seconds = (ns: number) => ns / 1e9;
const one = (value: number | undefined, timestamped = true) =>
  value === undefined ? [] : [{ value, timestamped }];

/** The /metrics/cadvisor body for one observation. */
export function renderCadvisorMetrics(obs: NodeObservation): string {
  const all = entries(obs);
  const net =
    (pickValue: (i: InterfaceCounters) => number): Pick =>
    (e) =>
      (e.network?.interfaces ?? []).map((i) => ({ value: pickValue(i), extra: { interface: i.name } }));
  const machineLabels = {
    boot_id: obs.machine.bootId,
    machine_id: obs.machine.machineId,
    system_uuid: obs.machine.systemUuid,
  };
  const families: TimestampedFamily[] = [
    family(
      'container_cpu_usage_seconds_total',
      'Cumulative cpu time consumed in seconds.',
      'counter',
      all,
      (e) =>
        e.cgroup.cpu !== undefined
          ? [{ value: seconds(e.cgroup.cpu.usageCoreNanoSeconds), extra: { cpu: 'total' } }]
          : [],
    ),
    family(
      'container_cpu_user_seconds_total',
      'Cumulative user cpu time consumed in seconds.',
      'counter',
      all,
      (e) =>
        one(e.cgroup.cpu?.userNanoSeconds !== undefined ? seconds(e.cgroup.cpu.userNanoSeconds) : undefined),
    ),
    family(
      'container_cpu_system_seconds_total',
      'Cumulative system cpu time consumed in seconds.',
      'counter',
      all,
      (e) =>
        one(
          e.cgroup.cpu?.systemNanoSeconds !== undefined ? seconds(e.cgroup.cpu.systemNanoSeconds) : undefined,
        ),
    ),
    family(
      'container_memory_usage_bytes',
      'Current memory usage in bytes, including all memory regardless of when it was accessed',
      'gauge',
      all,
      (e) => one(e.cgroup.memory?.usageBytes),
    ),
    family('container_memory_working_set_bytes', 'Current working set in bytes.', 'gauge', all, (e) =>
      one(e.cgroup.memory?.workingSetBytes),
    ),
    family('container_memory_rss', 'Size of RSS in bytes.', 'gauge', all, (e) =>
      one(e.cgroup.memory?.rssBytes),
    ),
    family('container_memory_cache', 'Number of bytes of page cache memory.', 'gauge', all, (e) =>
      one(e.cgroup.memory?.cacheBytes),
    ),
    family('container_spec_memory_limit_bytes', 'Memory limit for the container.', 'gauge', all, (e) =>
      e.cgroup.memory !== undefined ? one(e.cgroup.memory.limitBytes ?? 0, false) : [],
    ),
    family(
      'container_start_time_seconds',
      'Start time of the container since unix epoch in seconds.',
      'gauge',
      all,
      (e) => one(e.startTime / 1000, false),
    ),
    family('container_last_seen', 'Last time a container was seen by the exporter', 'gauge', all, () =>
      one(Math.floor(obs.time / 1000)),
    ),
    family(
      'container_network_receive_bytes_total',
      'Cumulative count of bytes received',
      'counter',
      all,
      net((i) => i.rxBytes),
    ),
    family(
      'container_network_receive_errors_total',
      'Cumulative count of errors encountered while receiving',
      'counter',
      all,
      net((i) => i.rxErrors),
    ),
    family(
      'container_network_transmit_bytes_total',
      'Cumulative count of bytes transmitted',
      'counter',
      all,
      net((i) => i.txBytes),
    ),
    family(
      'container_network_transmit_errors_total',
      'Cumulative count of errors encountered while transmitting',
      'counter',
      all,
      net((i) => i.txErrors),
    ),
    {
      name: 'container_scrape_error',
      help: '1 if there was an error while getting container metrics, 0 otherwise',
      type: 'gauge',
      samples: [{ labels: {}, value: 0 }],
    },
    {
      name: 'machine_cpu_cores',
      help: 'Number of logical CPU cores.',
      type: 'gauge',
      samples: [{ labels: machineLabels, value: obs.machine.cpuCores }],
    },
    {
      name: 'machine_memory_bytes',
      help: 'Amount of memory installed on the machine.',
      type: 'gauge',
      samples: [{ labels: machineLabels, value: obs.machine.memoryBytes }],
    },
  ];
  return renderTimestampedFamilies(families);
}
