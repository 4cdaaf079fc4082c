// Interface counters from /proc/<pid>/net/dev: the network namespace of any process in a pod (its
// pause process) gives the pod's traffic, the kubelet's own gives the node's. cAdvisor leaves out
// loopback and the host side of container links (veth*), and so do we.

/** Counters of one interface. */
export interface InterfaceCounters {
  readonly name: string;
  readonly rxBytes: number;
  readonly rxErrors: number;
  readonly txBytes: number;
  readonly txErrors: number;
}

/** The interface whose counters the summary puts first (upstream's network.DefaultInterfaceName). */
export const defaultInterfaceName = 'eth0';

const ignoredPrefixes = ['lo', 'veth', 'docker', 'nerdctl'];

/** Parses /proc/net/dev text into per-interface counters, ignored devices left out. */
export function parseNetDev(text: string): InterfaceCounters[] {
  const out: InterfaceCounters[] = [];
  for (const line of text.split('\n').slice(2)) {
    const at = line.indexOf(':');
    if (at < 0) continue;
    const name = line.slice(0, at).trim();
    if (ignoredPrefixes.some((p) => name.startsWith(p))) continue;
    const f = line
      .slice(at + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit likewise.
    if (f.length < 16 || f.some((n) => Number.isNaN(n))) continue;
    out.push({ name, rxBytes: f[0]!, rxErrors: f[2]!, txBytes: f[8]!, txErrors: f[10]! });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
