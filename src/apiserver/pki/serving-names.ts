import { hostname } from 'node:os';
import { isIP } from 'node:net';

/** The DNS names and IP addresses a serving certificate must cover. */
export interface ServingNames {
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}

/** Inputs to {@link servingNames}. */
export interface ServingNamesOptions {
  /** The `kubernetes` Service's cluster IP, which in-cluster clients dial. */
  readonly serviceIp: string;
  readonly hostnames?: readonly string[];
  readonly ips?: readonly string[];
  /** Defaults to os.hostname(). */
  readonly hostname?: string;
}

// The names in-cluster clients use for the `kubernetes` Service in the default namespace.
const SERVICE_DNS_NAMES = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

// dNSName SANs are IA5 (ASCII) strings; Go refuses to parse a certificate with anything else, so
// kubectl would reject the whole certificate. Allows '_' and a leading '*.' as Go does.
const DNS_NAME =
  /^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/**
 * The apiserver's subjectAltNames: loopback, this host, the service IP and DNS names, plus extras.
 * An IP passed among `hostnames` is treated as an IP (a common flag mix-up that would otherwise
 * yield a DNS SAN no client matches).
 */
export function servingNames(options: ServingNamesOptions): ServingNames {
  if (isIP(options.serviceIp) === 0) throw new Error(`serviceIp is not an IP address: ${options.serviceIp}`);
  const dnsNames = new Map<string, string>();
  const ips = new Set<string>();
  const add = (value: string): void => {
    if (isIP(value) !== 0) ips.add(value);
    else if (!dnsNames.has(value.toLowerCase())) dnsNames.set(value.toLowerCase(), value);
  };
  for (const value of ['127.0.0.1', options.serviceIp, ...(options.ips ?? [])].map((v) => v.trim())) {
    if (isIP(value) === 0) throw new Error(`not an IP address: ${value}`);
    add(value);
  }
  const dns = ['localhost', ...SERVICE_DNS_NAMES, ...(options.hostnames ?? [])].map((v) => v.trim());
  for (const value of dns.filter((v) => v !== '')) {
    if (!DNS_NAME.test(value) && isIP(value) === 0) throw new Error(`not a valid DNS name: ${value}`);
    add(value);
  }
  // An odd machine name must not stop the server from starting; it just is not a SAN.
  const host = (options.hostname ?? hostname()).trim();
  if (DNS_NAME.test(host)) add(host);
  return { dnsNames: [...dnsNames.values()], ips: [...ips] };
}
