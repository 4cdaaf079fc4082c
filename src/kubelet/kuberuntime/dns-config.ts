// A pod's resolver configuration (upstream's dns.Configurer.GetPodDNS): ClusterFirst points at the
// cluster DNS with the namespace/svc/cluster search path and ndots:5; Default (and ClusterFirst on
// the host network, or without a cluster DNS) copies the node's resolv.conf; None takes only the
// pod's dnsConfig, which is merged over every other policy.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { DnsConfig } from '../cri/runtime-service.js';

/** The node's DNS settings. */
export interface NodeDnsSettings {
  /** --cluster-dns: the cluster DNS service IPs (empty: none configured). */
  readonly clusterDns: readonly string[];
  /** --cluster-domain (default cluster.local). */
  readonly clusterDomain: string;
  /** The node's own resolver configuration (parsed /etc/resolv.conf). */
  readonly host: DnsConfig;
}

/** The result: the config, and whether ClusterFirst fell back for lack of a cluster DNS (MissingClusterDNS). */
export interface PodDns {
  readonly config: DnsConfig;
  readonly missingClusterDns: boolean;
}

// glibc's limits, which upstream enforces by truncating.
const maxNameservers = 3;
const maxSearches = 32;

/** Parses resolv.conf text into servers, searches and options. */
export function parseResolvConf(text: string): DnsConfig {
  const servers: string[] = [];
  let searches: string[] = [];
  const options: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields[0] !== undefined) servers.push(fields[0]);
    else if (key === 'search' || key === 'domain') searches = fields.filter((f) => f !== '.');
    else if (key === 'options') options.push(...fields);
  }
  return { servers, searches, options };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

// Options merge by name: a pod option replaces the base option of the same name (ndots:2 over ndots:5).
function mergeOptions(
  base: readonly string[],
  extra: readonly { name?: string; value?: string }[],
): string[] {
  const byName = new Map<string, string>();
  for (const o of base) byName.set(o.split(':')[0]!, o);
  for (const o of extra) {
    if (!o.name) continue;
    byName.set(o.name, o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name);
  }
  return [...byName.values()];
}

/** The pod's DnsConfig under its dnsPolicy and dnsConfig. */
export function podDnsConfig(pod: Pod, node: NodeDnsSettings): PodDns {
  const spec = pod.spec;
  let policy = spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec?.hostNetwork) policy = 'Default';
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  let missingClusterDns = false;
  if (policy === 'ClusterFirst' && node.clusterDns.length === 0) {
    missingClusterDns = true;
    policy = 'Default';
  }
  let base: DnsConfig;
  if (policy === 'None') base = { servers: [], searches: [], options: [] };
  else if (policy === 'ClusterFirst') {
    const ns = pod.metadata?.namespace ?? 'default';
    const domain = node.clusterDomain;
    base = {
      servers: [...node.clusterDns],
      searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...(node.host.searches ?? [])],
      options: ['ndots:5'],
    };
  } else
    base = {
      servers: [...(node.host.servers ?? [])],
      searches: [...(node.host.searches ?? [])],
      options: [...(node.host.options ?? [])],
    };
  const extra = spec?.dnsConfig;
  const config: DnsConfig = {
    servers: unique([...(base.servers ?? []), ...(extra?.nameservers ?? [])]).slice(0, maxNameservers),
    searches: unique([...(base.searches ?? []), ...(extra?.searches ?? [])]).slice(0, maxSearches),
    options: mergeOptions(base.options ?? [], extra?.options ?? []),
  };
  return { config, missingClusterDns };
}
