// Docker-link-style variables for Services (FOO_SERVICE_HOST, FOO_PORT_80_TCP_ADDR, ...), which
// the kubelet injects into every container so programs written for Docker links keep working.
import type { Service } from 'kubernetes-types/core/v1.js';

/** The Services in the default namespace whose variables every pod gets, service links or not. */
const masterServices: ReadonlySet<string> = new Set(['kubernetes']);

/** True when a Service has a cluster IP (not headless, not ExternalName). */
function hasClusterIP(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/** "my-svc" → "MY_SVC": upstream only swaps dashes and upper-cases. */
function envName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function linkVariables(service: Service, prefix: string, ip: string): [string, string][] {
  const vars: [string, string][] = [];
  (service.spec?.ports ?? []).forEach((sp, i) => {
    const protocol = sp.protocol || 'TCP';
    const url = `${protocol.toLowerCase()}://${joinHostPort(ip, sp.port)}`;
    // Docker names the first port without its number as well.
    if (i === 0) vars.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${sp.port}_${protocol.toUpperCase()}`;
    vars.push(
      [portPrefix, url],
      [`${portPrefix}_PROTO`, protocol.toLowerCase()],
      [`${portPrefix}_PORT`, String(sp.port)],
      [`${portPrefix}_ADDR`, ip],
    );
  });
  return vars;
}

/** The variables of the given Services, in upstream's order per Service. */
export function envVarsForServices(services: readonly Service[]): [string, string][] {
  const vars: [string, string][] = [];
  for (const service of services) {
    if (!hasClusterIP(service)) continue;
    const ports = service.spec?.ports ?? [];
    const first = ports[0];
    if (first === undefined) continue;
    const ip = service.spec!.clusterIP!;
    const prefix = envName(service.metadata?.name ?? '');
    vars.push([`${prefix}_SERVICE_HOST`, ip]);
    const portName = `${prefix}_SERVICE_PORT`;
    vars.push([portName, String(first.port)]);
    for (const sp of ports) if (sp.name) vars.push([`${portName}_${envName(sp.name)}`, String(sp.port)]);
    vars.push(...linkVariables(service, prefix, ip));
  }
  return vars;
}

/**
 * The service variables a pod in `namespace` gets: those of its namespace's Services when
 * enableServiceLinks is on, and always the master services of the default namespace.
 */
export function serviceEnvVarMap(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const chosen = new Map<string, Service>();
  for (const service of services) {
    if (!hasClusterIP(service)) continue;
    const name = service.metadata?.name ?? '';
    const ns = service.metadata?.namespace ?? '';
    if (ns === 'default' && masterServices.has(name)) {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (ns === namespace && enableServiceLinks) {
      chosen.set(name, service);
    }
  }
  return new Map(envVarsForServices([...chosen.values()]));
}
