import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import type { HostPort, HostPortInfo } from '../../framework/host-ports.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The reason NodePorts gives. */
export const errReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
const conflict = Status.unschedulable(errReasonNodePorts);

/** True when none of `wanted` clashes with the node's used ports. */
export function fitsPorts(wanted: readonly HostPort[], used: HostPortInfo): boolean {
  for (const p of wanted) if (used.checkConflict(p.ip, p.protocol, p.port)) return false;
  return true;
}

function hostPortsOf(pod: Pod | undefined): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod?.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort) out.push({ ip: p.hostIP ?? '', protocol: p.protocol ?? 'TCP', port: p.hostPort });
  return out;
}

/** NodePorts: a pod fits only nodes where its host ports are free. */
export function newNodePorts(): PreFilterPlugin & FilterPlugin & EnqueueExtensions {
  return {
    name: pluginNames.nodePorts,
    preFilter: (_s, pod) => (pod.hostPorts.length === 0 ? { status: skipStatus } : undefined),
    filter: (_s, pod, node) => (fitsPorts(pod.hostPorts, node.usedPorts) ? undefined : conflict),
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actionType: ActionType.Delete },
        hint: (pod, oldObj) => {
          const freed = hostPortsOf(oldObj as Pod | undefined);
          const wanted = hostPortsOf(pod);
          const clash = wanted.some((w) =>
            freed.some(
              (f) =>
                f.port === w.port &&
                f.protocol === w.protocol &&
                (f.ip === w.ip || !f.ip || !w.ip || f.ip === '0.0.0.0' || w.ip === '0.0.0.0'),
            ),
          );
          return clash ? 'Queue' : 'QueueSkip';
        },
      },
      { event: { resource: 'Node', actionType: ActionType.Add } },
    ],
  };
}
