// Cgroup names with the cgroupfs driver (upstream CgroupName.ToCgroupfs): plain paths under
// --cgroup-root. All pods live under <root>/kubepods; Guaranteed pods directly in it, the other
// classes under kubepods/burstable and kubepods/besteffort, each pod in pod<uid> (the UID as is —
// only the systemd driver escapes dashes). A root such as /k8ts keeps a test or a second kubelet
// out of another kubelet's tree.
import path from 'node:path';
import type { QosClass } from './qos-class.js';

/** The kubelet's cgroup names for one --cgroup-root. */
export interface CgroupLayout {
  /** --cgroup-root ("/" by default). */
  readonly root: string;
  /** The node allocatable cgroup every pod lives under: <root>/kubepods. */
  readonly kubepods: string;
  readonly burstable: string;
  readonly besteffort: string;
}

/** The prefix of a pod cgroup's last path element. */
export const podCgroupPrefix = 'pod';

/** The layout for `cgroupRoot` (normalised to an absolute path; "" means "/"). */
export function cgroupLayout(cgroupRoot = '/'): CgroupLayout {
  const root = path.posix.normalize(path.posix.join('/', cgroupRoot));
  const kubepods = path.posix.join(root, 'kubepods');
  return {
    root,
    kubepods,
    burstable: path.posix.join(kubepods, 'burstable'),
    besteffort: path.posix.join(kubepods, 'besteffort'),
  };
}

/** The QoS cgroup a class's pods live in (Guaranteed: kubepods itself). */
export function qosCgroup(layout: CgroupLayout, qos: QosClass): string {
  if (qos === 'Burstable') return layout.burstable;
  if (qos === 'BestEffort') return layout.besteffort;
  return layout.kubepods;
}

/** The pod's cgroup as CRI's cgroup_parent takes it, e.g. "/kubepods/burstable/pod<uid>". */
export function podCgroupPath(layout: CgroupLayout, qos: QosClass, podUid: string): string {
  return path.posix.join(qosCgroup(layout, qos), `${podCgroupPrefix}${podUid}`);
}
