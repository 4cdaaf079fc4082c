import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { defaultServiceIpFamilies } from '../../../api/defaults/core-service-ip-families.js';
import { fieldInvalid, internalError, invalid } from '../../../machinery/errors/index.js';
import { isAllocationError } from '../../allocators/allocation-error.js';
import type { ServiceAllocators } from '../../allocators/repair-allocations.js';
import type { Strategy, WriteContext } from '../strategy.js';
import { kindValidation } from './simple-strategies.js';

type MutableService = Service & { spec: NonNullable<Service['spec']> };

/** Upstream's REST-layer IP family defaulting (single-stack IPv4 cluster); its problems are a 422. */
function defaultIpFamilies(object: KubeObject, old?: KubeObject): void {
  const problems = defaultServiceIpFamilies(object as Service, {
    families: ['IPv4'],
    ...(old ? { old: old as Service } : {}),
  });
  if (problems.length > 0) {
    throw invalid(
      { group: '', kind: 'Service' },
      object.metadata?.name ?? '',
      problems.map((p) => fieldInvalid(p.field, (object as Service).spec?.ipFamilyPolicy ?? '', p.message)),
    );
  }
}

function needsClusterIp(spec: Service['spec']): boolean {
  return spec?.type !== 'ExternalName';
}

function needsNodePorts(spec: Service['spec']): boolean {
  if (spec?.type === 'NodePort') return true;
  return spec?.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

/** Upstream maps allocation failures to 422 (bad request for an address) or 500 (range full). */
function allocationFailure(service: KubeObject, err: unknown): unknown {
  if (!isAllocationError(err)) return err;
  if (err.field === undefined) return internalError(err.message);
  return invalid({ group: '', kind: 'Service' }, service.metadata?.name ?? '', [
    fieldInvalid(err.field, err.value, err.detail),
  ]);
}

/**
 * Services: ClusterIPs and NodePorts are allocated on create (requested ones reserved, missing ones
 * picked), kept across updates that leave them unset, allocated or released when the type changes,
 * and released on delete — through allocators persisted in storage, so double allocation cannot happen.
 */
export function serviceStrategy(alloc: ServiceAllocators): Strategy {
  const taken = new WeakMap<KubeObject, { ips: string[]; ports: number[] }>();

  async function allocateFor(
    obj: KubeObject,
    ctx: WriteContext,
    held: { ips: string[]; ports: number[] },
  ): Promise<void> {
    const svc = obj as unknown as MutableService;
    const spec = svc.spec;
    const record = { ips: [] as string[], ports: [] as number[] };
    taken.set(obj, record);
    try {
      const requested = spec.clusterIP || spec.clusterIPs?.[0];
      if (needsClusterIp(spec) && requested === 'None') {
        spec.clusterIP = 'None';
        spec.clusterIPs = ['None'];
      } else if (needsClusterIp(spec) && !(requested && held.ips.includes(requested))) {
        const ip = requested
          ? (await alloc.serviceIps.allocate(requested), requested)
          : await alloc.serviceIps.allocateNext();
        record.ips.push(ip);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
      if (needsNodePorts(spec)) {
        const ports: ServicePort[] = spec.ports ?? [];
        for (let i = 0; i < ports.length; i++) {
          const p = ports[i]!;
          if (p.nodePort !== undefined && p.nodePort !== 0) {
            if (held.ports.includes(p.nodePort)) continue;
            await alloc.nodePorts.allocate(p.nodePort, { field: `spec.ports[${i}].nodePort` });
            record.ports.push(p.nodePort);
          } else {
            // A port number used twice with different protocols shares one node port, as upstream.
            const twin = ports.find((q, j) => j < i && q.port === p.port && q.nodePort);
            const port = twin?.nodePort ?? (await alloc.nodePorts.allocateNext());
            if (twin === undefined) record.ports.push(port);
            p.nodePort = port;
          }
        }
      }
    } catch (err) {
      await release(record);
      throw allocationFailure(obj, err);
    }
    if (ctx.dryRun) await release(record);
  }

  async function release(record: { ips: string[]; ports: number[] }): Promise<void> {
    for (const ip of record.ips) await alloc.serviceIps.release(ip);
    for (const port of record.ports) await alloc.nodePorts.release(port);
    record.ips = [];
    record.ports = [];
  }

  function heldBy(obj: KubeObject): { ips: string[]; ports: number[] } {
    const spec = (obj as Service).spec;
    const ips = needsClusterIp(spec)
      ? (spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip !== 'None')
      : [];
    const ports = (spec?.ports ?? [])
      .map((p) => p.nodePort)
      .filter((n): n is number => typeof n === 'number' && n > 0);
    return { ips, ports };
  }

  return {
    hasStatus: true,
    tracksGeneration: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    returnDeletedObject: true,
    prepareForCreate(object) {
      (object as { status?: unknown }).status = { loadBalancer: {} };
      defaultIpFamilies(object);
    },
    beforeCreate: (object, ctx) => allocateFor(object, ctx, { ips: [], ports: [] }),
    async createFailed(object) {
      const record = taken.get(object);
      if (record) await release(record);
    },
    prepareForUpdate(object, old) {
      // Fields the client left empty keep their allocated values (upstream's patchAllocatedValues).
      const spec = (object as unknown as MutableService).spec;
      const oldSpec = (old as unknown as MutableService).spec;
      if (!spec || !oldSpec) return;
      defaultIpFamilies(object, old);
      if (needsClusterIp(spec) && needsClusterIp(oldSpec)) {
        if (!spec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
        if (!spec.clusterIPs?.length) spec.clusterIPs = oldSpec.clusterIPs;
      }
      if (needsNodePorts(spec) && needsNodePorts(oldSpec)) {
        for (const p of spec.ports ?? []) {
          if (p.nodePort) continue;
          const same = oldSpec.ports?.find(
            (o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
          );
          if (same?.nodePort) p.nodePort = same.nodePort;
        }
      }
    },
    // Upstream's Service rules, including "spec.clusterIPs[0]: ... may not change once set".
    ...kindValidation('', 'Service'),
    async beforeUpdate(object, old, ctx) {
      const before = heldBy(old);
      await allocateFor(object, ctx, before);
      if (ctx.dryRun) return;
      const after = heldBy(object);
      for (const ip of before.ips) if (!after.ips.includes(ip)) await alloc.serviceIps.release(ip);
      for (const port of before.ports) if (!after.ports.includes(port)) await alloc.nodePorts.release(port);
    },
    async afterDelete(object) {
      await release(heldBy(object));
    },
  };
}
