// The relationships the Node authorizer decides by, as upstream's node authorizer graph keeps
// them: node ← pod ← {secret, configmap, serviceaccount, pvc ← pv ← secret, resourceclaim},
// node ← volumeattachment. Kept as reference counts per node so a question is a map lookup, not a
// walk, however many pods share a Secret or ServiceAccount.

import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
import type { VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import { persistentVolumeSecrets, podReferences } from './object-references.js';

/** The kinds of objects the graph relates to nodes. */
export type NodeGraphKind =
  | 'pod'
  | 'secret'
  | 'configmap'
  | 'serviceaccount'
  | 'persistentvolumeclaim'
  | 'persistentvolume'
  | 'volumeattachment'
  | 'resourceclaim';

/** The question the Node authorizer asks. */
export interface NodeGraphView {
  /** True when the object (namespace '' for cluster-scoped kinds) is related to the node. */
  hasPath(node: string, kind: NodeGraphKind, namespace: string, name: string): boolean;
}

interface PodEntry {
  readonly node: string;
  readonly uid: string;
  /** The pod's status.resourceClaimStatuses as JSON ('' without any). */
  readonly claims: string;
  /** Ephemeral containers (only ever added) can name more Secrets and ConfigMaps. */
  readonly ephemeral: number;
  /** The vertex keys (kind/namespace/name) the pod references. */
  readonly refs: readonly string[];
}

const vertex = (kind: NodeGraphKind, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** The graph itself; fed from the watch caches (see NodeGraphFeeder), queried by the authorizer. */
export class NodeGraph implements NodeGraphView {
  private readonly pods = new Map<string, PodEntry>();
  /** vertex key → node → how many pods on that node reference it. */
  private readonly referencedBy = new Map<string, Map<string, number>>();
  private readonly volumeClaims = new Map<string, string>();
  private readonly volumeSecrets = new Map<string, readonly string[]>();
  /** secret vertex key → the PersistentVolumes naming it. */
  private readonly secretVolumes = new Map<string, Set<string>>();
  private readonly attachments = new Map<string, string>();

  /** Adds or replaces a pod; pods not bound to a node relate nothing. */
  setPod(pod: Pod): void {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const node = pod.spec?.nodeName ?? '';
    const uid = pod.metadata?.uid ?? '';
    const statuses = (pod.status as { resourceClaimStatuses?: unknown[] } | undefined)?.resourceClaimStatuses;
    const claims = statuses === undefined || statuses.length === 0 ? '' : JSON.stringify(statuses);
    const ephemeral = pod.spec?.ephemeralContainers?.length ?? 0;
    // As upstream's graph populator: a pod's spec references do not change, so a pod still on the
    // same node, with the same uid, claim statuses and ephemeral containers (a status update, say),
    // relates the same objects.
    const known = this.pods.get(`${ns}/${name}`);
    if (
      known !== undefined &&
      known.node === node &&
      known.uid === uid &&
      known.claims === claims &&
      known.ephemeral === ephemeral
    )
      return;
    this.removePod(ns, name);
    if (node === '') return;
    const r = podReferences(pod);
    const refs = [
      ...r.secrets.map((n) => vertex('secret', ns, n)),
      ...r.configMaps.map((n) => vertex('configmap', ns, n)),
      ...r.persistentVolumeClaims.map((n) => vertex('persistentvolumeclaim', ns, n)),
      ...r.resourceClaims.map((n) => vertex('resourceclaim', ns, n)),
      ...(r.serviceAccount ? [vertex('serviceaccount', ns, r.serviceAccount)] : []),
    ];
    this.pods.set(`${ns}/${name}`, { node, uid, claims, ephemeral, refs });
    for (const ref of refs) this.count(ref, node, 1);
  }

  /** Forgets a pod. */
  removePod(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const entry = this.pods.get(key);
    if (entry === undefined) return;
    this.pods.delete(key);
    for (const ref of entry.refs) this.count(ref, entry.node, -1);
  }

  /** Adds or replaces a PersistentVolume (its claim and the Secrets its source names). */
  setPersistentVolume(pv: PersistentVolume): void {
    const name = pv.metadata?.name ?? '';
    this.removePersistentVolume(name);
    const claim = pv.spec?.claimRef;
    if (claim?.name)
      this.volumeClaims.set(name, vertex('persistentvolumeclaim', claim.namespace ?? '', claim.name));
    const secrets = persistentVolumeSecrets(pv).map((s) => vertex('secret', s.namespace, s.name));
    if (secrets.length === 0) return;
    this.volumeSecrets.set(name, secrets);
    for (const s of secrets) {
      let volumes = this.secretVolumes.get(s);
      if (volumes === undefined) this.secretVolumes.set(s, (volumes = new Set()));
      volumes.add(name);
    }
  }

  /** Forgets a PersistentVolume. */
  removePersistentVolume(name: string): void {
    this.volumeClaims.delete(name);
    for (const s of this.volumeSecrets.get(name) ?? []) {
      const volumes = this.secretVolumes.get(s);
      volumes?.delete(name);
      if (volumes?.size === 0) this.secretVolumes.delete(s);
    }
    this.volumeSecrets.delete(name);
  }

  /** Adds or replaces a VolumeAttachment. */
  setVolumeAttachment(va: VolumeAttachment): void {
    const name = va.metadata?.name ?? '';
    if (va.spec?.nodeName) this.attachments.set(name, va.spec.nodeName);
    else this.attachments.delete(name);
  }

  /** Forgets a VolumeAttachment. */
  removeVolumeAttachment(name: string): void {
    this.attachments.delete(name);
  }

  /** Forgets every object of one source (before it is listed again). */
  clear(source: 'pods' | 'persistentvolumes' | 'volumeattachments'): void {
    if (source === 'pods') {
      this.pods.clear();
      this.referencedBy.clear();
    } else if (source === 'persistentvolumes') {
      this.volumeClaims.clear();
      this.volumeSecrets.clear();
      this.secretVolumes.clear();
    } else {
      this.attachments.clear();
    }
  }

  hasPath(node: string, kind: NodeGraphKind, namespace: string, name: string): boolean {
    switch (kind) {
      case 'pod':
        return this.pods.get(`${namespace}/${name}`)?.node === node;
      case 'persistentvolume':
        return this.volumeRelated(node, name);
      case 'volumeattachment':
        return this.attachments.get(name) === node;
      default: {
        const key = vertex(kind, namespace, name);
        if (this.referencedBy.get(key)?.has(node)) return true;
        if (kind !== 'secret') return false;
        for (const pv of this.secretVolumes.get(key) ?? []) if (this.volumeRelated(node, pv)) return true;
        return false;
      }
    }
  }

  private volumeRelated(node: string, pv: string): boolean {
    const claim = this.volumeClaims.get(pv);
    return claim !== undefined && (this.referencedBy.get(claim)?.has(node) ?? false);
  }

  private count(ref: string, node: string, delta: number): void {
    let nodes = this.referencedBy.get(ref);
    if (nodes === undefined) this.referencedBy.set(ref, (nodes = new Map()));
    const n = (nodes.get(node) ?? 0) + delta;
    if (n > 0) nodes.set(node, n);
    else nodes.delete(node);
    if (nodes.size === 0) this.referencedBy.delete(ref);
  }
}
