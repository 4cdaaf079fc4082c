/** One host port a container asks for. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const bindAll = '0.0.0.0';

function sanitize(ip: string | undefined, protocol: string | undefined): [string, string] {
  return [ip || bindAll, protocol || 'TCP'];
}

/**
 * The host ports in use on a node, by host IP (upstream's HostPortInfo). 0.0.0.0 conflicts with
 * every IP on the same protocol and port.
 */
export class HostPortInfo {
  private readonly byIp = new Map<string, Set<string>>();

  /** Records a used port (ignored when the port is not positive). */
  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (!(port > 0)) return;
    const [i, p] = sanitize(ip, protocol);
    let set = this.byIp.get(i);
    if (set === undefined) this.byIp.set(i, (set = new Set()));
    set.add(`${p}/${port}`);
  }

  /** Forgets a used port. */
  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (!(port > 0)) return;
    const [i, p] = sanitize(ip, protocol);
    const set = this.byIp.get(i);
    if (set === undefined) return;
    set.delete(`${p}/${port}`);
    if (set.size === 0) this.byIp.delete(i);
  }

  /** True when `ip:port/protocol` would clash with a used port. */
  checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (!(port > 0) || this.byIp.size === 0) return false;
    const [i, p] = sanitize(ip, protocol);
    const key = `${p}/${port}`;
    if (i === bindAll) {
      for (const set of this.byIp.values()) if (set.has(key)) return true;
      return false;
    }
    return (this.byIp.get(bindAll)?.has(key) ?? false) || (this.byIp.get(i)?.has(key) ?? false);
  }

  /** Number of IPs with ports in use. */
  get size(): number {
    return this.byIp.size;
  }

  /** An independent copy. */
  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, set] of this.byIp) c.byIp.set(ip, new Set(set));
    return c;
  }
}
