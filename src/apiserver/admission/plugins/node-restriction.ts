// Upstream's NodeRestriction: a kubelet (user system:node:<name> in system:nodes) may only touch
// its own Node and Lease, mirror pods bound to itself, status of its own pods, and tokens for them.

import type { KubeObject } from '../../../api/object.js';
import { deepEqual } from '../../../base/deep-equal.js';
import { notFound } from '../../../machinery/errors/index.js';
import type { UserInfo } from '../../http/api-request.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { MIRROR_POD_ANNOTATION } from './service-account.js';

const kubeletLabels = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'kubernetes.io/os',
  'kubernetes.io/arch',
]);
const kubeletLabelNamespaces = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

/** The node a user is, as upstream's NodeIdentity: undefined for non-nodes, '' when unnamed. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith('system:node:') || !user.groups.includes('system:nodes')) return undefined;
  return user.name.slice('system:node:'.length);
}

function labelNamespace(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

function inNamespace(ns: string, root: string): boolean {
  return ns === root || ns.endsWith(`.${root}`);
}

/** Label keys a kubelet may not set or change. */
export function forbiddenNodeLabels(modified: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of modified) {
    const ns = labelNamespace(key);
    if (inNamespace(ns, 'node-restriction.kubernetes.io')) out.add(key);
    const isKube = inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
    const kubeletOwned = kubeletLabels.has(key) || kubeletLabelNamespaces.some((n) => inNamespace(ns, n));
    if (isKube && !kubeletOwned) out.add(key);
  }
  return [...out].sort();
}

function modifiedLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]);
}

/** The NodeRestriction plugin (mutating stage, as upstream). */
export function nodeRestriction(options: {
  getPod(namespace: string, name: string): Promise<KubeObject | undefined>;
  getNode(name: string): Promise<KubeObject | undefined>;
}): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    async mutate(attrs, obj, old) {
      const nodeName = nodeIdentity(attrs.areq.user);
      if (nodeName === undefined) return;
      const deny = (msg: string) => admissionForbidden(attrs, obj, msg);
      if (nodeName === '') throw deny(`could not determine node from user "${attrs.areq.user.name}"`);
      const { group, resource } = attrs.resource.type;
      const key = `${group}/${resource}`;
      if (key === '/pods') return admitPod(attrs, nodeName, obj, old, deny);
      if (key === '/nodes') return admitNode(attrs, nodeName, obj, old, deny);
      if (key === '/persistentvolumeclaims') {
        if (attrs.subresource !== 'status') throw deny('may only update PVC status');
        if (attrs.operation !== 'UPDATE') throw deny(`unexpected operation "${attrs.operation}"`);
        const strip = (p: KubeObject | undefined) => {
          const c = structuredClone(p ?? {}) as KubeObject & { status?: Record<string, unknown> };
          if (c.metadata) {
            delete c.metadata.resourceVersion;
            delete c.metadata.managedFields;
          }
          if (c.status) {
            delete c.status.capacity;
            delete c.status.conditions;
            delete c.status.allocatedResources;
            delete c.status.allocatedResourceStatuses;
          }
          return c;
        };
        if (!deepEqual(strip(obj), strip(old))) {
          throw deny(
            `node "${nodeName}" is not allowed to update fields other than status.capacity and status.conditions`,
          );
        }
        return;
      }
      if (key === '/serviceaccounts') {
        if (attrs.operation !== 'CREATE' || attrs.subresource !== 'token') return;
        const ref = (
          obj as {
            spec?: { boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } };
          }
        ).spec?.boundObjectRef;
        if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name)
          throw deny('node requested token not bound to a pod');
        if (!ref.uid) throw deny('node requested token with a pod binding without a uid');
        const pod = await options.getPod(attrs.namespace, ref.name);
        if (!pod) throw notFound({ group: '', resource: 'pods' }, ref.name);
        if (pod.metadata?.uid !== ref.uid) {
          throw deny(
            `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
          );
        }
        if ((pod as { spec?: { nodeName?: string } }).spec?.nodeName !== nodeName) {
          throw deny('node requested token bound to a pod scheduled on a different node');
        }
        return;
      }
      if (key === 'coordination.k8s.io/leases') {
        if (attrs.namespace !== 'kube-node-lease')
          throw deny('can only access leases in the "kube-node-lease" system namespace');
        const name = attrs.operation === 'CREATE' ? obj.metadata?.name : attrs.name;
        if (name !== nodeName)
          throw deny('can only access node lease with the same name as the requesting node');
        return;
      }
      if (key === 'storage.k8s.io/csinodes') {
        const name = attrs.operation === 'CREATE' ? obj.metadata?.name : attrs.name;
        if (name !== nodeName)
          throw deny('can only access CSINode with the same name as the requesting node');
      }
    },
  };

  async function admitPod(
    attrs: AdmissionAttributes,
    nodeName: string,
    obj: KubeObject,
    old: KubeObject | undefined,
    deny: (m: string) => Error,
  ): Promise<void> {
    const spec = (o: KubeObject | undefined) =>
      (o as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
    if (attrs.subresource === 'status') {
      if (attrs.operation !== 'UPDATE') throw deny(`unexpected operation "${attrs.operation}"`);
      if (spec(old).nodeName !== nodeName)
        throw deny(`node "${nodeName}" can only update pod status for pods with spec.nodeName set to itself`);
      if (!deepEqual(obj.metadata?.labels ?? {}, old?.metadata?.labels ?? {}))
        throw deny(`node "${nodeName}" cannot update labels through pod status`);
      return;
    }
    if (attrs.subresource === 'eviction') {
      if (attrs.operation !== 'CREATE') throw deny(`unexpected operation ${attrs.operation}`);
      const podName = attrs.name || obj.metadata?.name;
      if (!podName) throw deny('could not determine pod from request data');
      const existing = await options.getPod(attrs.namespace, podName);
      if (!existing) throw notFound({ group: '', resource: 'pods' }, podName);
      if (spec(existing).nodeName !== nodeName)
        throw deny(`node ${nodeName} can only evict pods with spec.nodeName set to itself`);
      return;
    }
    if (attrs.subresource !== '')
      throw deny(
        `unexpected pod subresource "${attrs.subresource}", only 'status' and 'eviction' are allowed`,
      );
    if (attrs.operation === 'DELETE') {
      const existing = await options.getPod(attrs.namespace, attrs.name);
      if (!existing) throw notFound({ group: '', resource: 'pods' }, attrs.name);
      if (spec(existing).nodeName !== nodeName)
        throw deny(`node "${nodeName}" can only delete pods with spec.nodeName set to itself`);
      return;
    }
    if (attrs.operation !== 'CREATE')
      throw deny(
        `unexpected operation "${attrs.operation}", node "${nodeName}" can only create and delete mirror pods`,
      );
    if (!(MIRROR_POD_ANNOTATION in (obj.metadata?.annotations ?? {}))) {
      throw deny(
        `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${nodeName}" can only create mirror pods`,
      );
    }
    const s = spec(obj);
    if (s.nodeName !== nodeName)
      throw deny(`node "${nodeName}" can only create pods with spec.nodeName set to itself`);
    const owners = obj.metadata?.ownerReferences ?? [];
    if (owners.length > 1)
      throw deny(`node "${nodeName}" can only create pods with a single owner reference set to itself`);
    const owner = owners[0];
    if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== nodeName) {
      throw deny(`node "${nodeName}" can only create pods with an owner reference set to itself`);
    }
    if (!owner.controller)
      throw deny(`node "${nodeName}" can only create pods with a controller owner reference set to itself`);
    if (owner.blockOwnerDeletion)
      throw deny(`node "${nodeName}" must not set blockOwnerDeletion on an owner reference`);
    const node = await options.getNode(nodeName);
    if (!node) throw notFound({ group: '', resource: 'nodes' }, nodeName);
    if (owner.uid !== node.metadata?.uid)
      throw deny(`node ${nodeName} UID mismatch: expected ${owner.uid} got ${node.metadata?.uid ?? ''}`);
    if (s.serviceAccountName)
      throw deny(`node "${nodeName}" can not create pods that reference a service account`);
    const text = JSON.stringify(s);
    if (/"secret(Ref|KeyRef)?":|"secretName":|"imagePullSecrets":\[\{/.test(text))
      throw deny(`node "${nodeName}" can not create pods that reference secrets`);
    if (/"configMap(Ref|KeyRef)?":/.test(text))
      throw deny(`node "${nodeName}" can not create pods that reference configmaps`);
    if (/"clusterTrustBundle":/.test(text))
      throw deny(`node "${nodeName}" can not create pods that reference clustertrustbundles`);
    if (/"persistentVolumeClaim":/.test(text))
      throw deny(`node "${nodeName}" can not create pods that reference persistentvolumeclaims`);
  }

  async function admitNode(
    attrs: AdmissionAttributes,
    nodeName: string,
    obj: KubeObject,
    old: KubeObject | undefined,
    deny: (m: string) => Error,
  ): Promise<void> {
    const requested = attrs.name || (attrs.operation === 'CREATE' ? (obj.metadata?.name ?? '') : '');
    if (requested !== nodeName) throw deny(`node "${nodeName}" is not allowed to modify node "${requested}"`);
    const spec = (o: KubeObject | undefined) =>
      (o as { spec?: { configSource?: unknown; taints?: unknown[] } } | undefined)?.spec ?? {};
    if (attrs.operation === 'CREATE') {
      if (spec(obj).configSource != null)
        throw deny(`node "${nodeName}" is not allowed to create pods with a non-nil configSource`);
      const bad = forbiddenNodeLabels(Object.keys(obj.metadata?.labels ?? {}));
      if (bad.length)
        throw deny(`node "${nodeName}" is not allowed to set the following labels: ${bad.join(', ')}`);
    }
    if (attrs.operation === 'UPDATE' && old) {
      if (spec(obj).configSource != null && !deepEqual(spec(obj).configSource, spec(old).configSource)) {
        throw deny(`node "${nodeName}" is not allowed to update configSource to a new non-nil configSource`);
      }
      if (!deepEqual(spec(obj).taints ?? [], spec(old).taints ?? []))
        throw deny(`node "${nodeName}" is not allowed to modify taints`);
      const bad = forbiddenNodeLabels(modifiedLabels(obj.metadata?.labels, old.metadata?.labels));
      if (bad.length) throw deny(`is not allowed to modify labels: ${bad.join(', ')}`);
    }
  }
}
