import type { Logger } from '../base/logger.js';
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../machinery/errors/index.js';
import { SYSTEM_PRIORITY_CLASSES } from './admission/plugins/priority.js';
import { ensureFlowControlConfiguration } from './flowcontrol/ensure-configuration.js';
import { registryConfigurationObjects } from './flowcontrol/registry-configuration-objects.js';
import type { WriteOptions } from './registry/resource-store.js';
import type { ResourceRegistry } from './resource-registry.js';

/** The namespaces every cluster starts with. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** What bootstrapping needs to know about the running server. */
export interface BootstrapOptions {
  readonly registry: ResourceRegistry;
  readonly now: () => Date;
  /** The `kubernetes` Service's ClusterIP: the first address of the service range. */
  readonly serviceIp: string;
  /**
   * The address other hosts and pods reach this apiserver at (the Endpoints of the `kubernetes`
   * Service), or undefined when it serves on loopback only: Endpoints may not hold loopback
   * addresses, so the Service then has none (upstream logs the same failure and carries on).
   */
  readonly advertiseAddress: string | undefined;
  readonly apiserverPort: number;
  readonly log: Logger;
}

/**
 * Creates what upstream's apiserver maintains itself: the system namespaces, the system priority
 * classes (system-node-critical, system-cluster-critical), the API Priority and Fairness
 * configuration (flow schemas and priority levels) and the `kubernetes`
 * Service in `default` (ClusterIP = first service IP, port 443) with Endpoints and an EndpointSlice
 * pointing at this apiserver. Idempotent: existing objects are left alone or reconciled.
 */
export async function bootstrapCluster(options: BootstrapOptions): Promise<void> {
  const { registry } = options;
  const opts = (apiVersion: string): WriteOptions => ({
    now: options.now(),
    dryRun: false,
    fieldManager: 'kube-apiserver',
    apiVersion,
  });
  const ensure = async (
    group: string,
    resource: string,
    object: KubeObject,
    reconcile?: (current: KubeObject) => KubeObject | undefined,
  ) => {
    const served = registry.preferred(group, resource);
    const ns = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    const current = await served.store.find(ns, name);
    if (current === undefined) {
      served.applyDefaults(object);
      try {
        await served.store.create(served.toStorage(object), opts(object.apiVersion ?? 'v1'));
        options.log.info('created', { resource, namespace: ns || undefined, name });
      } catch (err) {
        // Another apiserver sharing the datastore won the race: fine.
        if (!isStatusError(err, 'AlreadyExists')) throw err;
      }
      return;
    }
    const next = reconcile?.(structuredClone(current));
    if (next !== undefined) await served.store.update(ns, name, next, opts(object.apiVersion ?? 'v1'));
  };

  for (const name of systemNamespaces) {
    await ensure('', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // Upstream's scheduling/bootstrap-system-priority-classes: created when missing, never changed.
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    await ensure('scheduling.k8s.io', 'priorityclasses', structuredClone(pc));
  }
  // Upstream's APF configuration producer (a post-start hook there): mandatory and suggested
  // flow schemas and priority levels, restored where the auto-update rules say so.
  const flowcontrol = (resource: string) =>
    registryConfigurationObjects(registry.preferred('flowcontrol.apiserver.k8s.io', resource), options.now);
  await ensureFlowControlConfiguration({
    flowSchemas: flowcontrol('flowschemas'),
    priorityLevels: flowcontrol('prioritylevelconfigurations'),
    log: options.log.child('apf-configuration'),
  });
  const port = { name: 'https', port: 443, protocol: 'TCP', targetPort: options.apiserverPort };
  await ensure(
    '',
    'services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: { type: 'ClusterIP', clusterIP: options.serviceIp, ports: [port], sessionAffinity: 'None' },
    },
    (current) => {
      const spec = current['spec'] as { ports?: { targetPort?: unknown }[] };
      if (spec.ports?.length === 1 && spec.ports[0]!.targetPort === options.apiserverPort) return undefined;
      spec.ports = [port];
      return current;
    },
  );
  if (options.advertiseAddress === undefined) {
    options.log.info('serving on loopback only: the kubernetes Service gets no endpoints');
    return;
  }
  const endpointPort = { name: 'https', port: options.apiserverPort, protocol: 'TCP' };
  const subsets = [{ addresses: [{ ip: options.advertiseAddress }], ports: [endpointPort] }];
  await ensure(
    '',
    'endpoints',
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets,
    },
    (current) => {
      if (JSON.stringify(current['subsets']) === JSON.stringify(subsets)) return undefined;
      current['subsets'] = subsets;
      return current;
    },
  );
  const sliceEndpoints = [{ addresses: [options.advertiseAddress], conditions: { ready: true } }];
  await ensure(
    'discovery.k8s.io',
    'endpointslices',
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: sliceEndpoints,
      ports: [endpointPort],
    },
    (current) => {
      if (
        JSON.stringify(current['endpoints']) === JSON.stringify(sliceEndpoints) &&
        JSON.stringify(current['ports']) === JSON.stringify([endpointPort])
      )
        return undefined;
      current['endpoints'] = sliceEndpoints;
      current['ports'] = [endpointPort];
      return current;
    },
  );
}
