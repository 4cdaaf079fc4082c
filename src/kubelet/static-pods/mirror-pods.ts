// Mirror pods (upstream pod.basicMirrorClient and the mirror-pod parts of SyncPod and
// HandlePodCleanups): the API's read-only copy of each static pod, so `kubectl get pods` shows it.
// The copy carries kubernetes.io/config.mirror = the static pod's hash and is owned by the Node
// (NodeRestriction insists); a mirror whose hash no longer matches, or that is being deleted, is
// replaced; a mirror without a static pod behind it is deleted with grace 0 and a UID precondition.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { configHashAnnotation, configMirrorAnnotation, isMirrorPod, podFullName } from './pod-source.js';

const podsType = { group: '', version: 'v1', resource: 'pods' } as const;
const nodesType = { group: '', version: 'v1', resource: 'nodes' } as const;

/** The static pod's hash (its config.hash annotation, which is its UID). */
export function staticPodHash(pod: Pod): string {
  return pod.metadata?.annotations?.[configHashAnnotation] ?? '';
}

/** True when `mirror` is the current, live copy of `staticPod` (upstream IsMirrorPodOf). */
export function isMirrorPodOf(mirror: Pod, staticPod: Pod): boolean {
  if (mirror.metadata?.deletionTimestamp) return false;
  const hash = mirror.metadata?.annotations?.[configMirrorAnnotation];
  return hash !== undefined && hash === staticPodHash(staticPod);
}

/** The mirror pods no static pod accounts for (by full name), which must go. */
export function orphanedMirrorPods(mirrorPods: readonly Pod[], staticPods: readonly Pod[]): Pod[] {
  const names = new Set(staticPods.map(podFullName));
  return mirrorPods.filter((m) => isMirrorPod(m) && !names.has(podFullName(m)));
}

/** Options of MirrorPodClient. */
export interface MirrorPodClientOptions {
  /** Authenticated as system:node:<nodeName>. */
  readonly client: KubeClient;
  readonly nodeName: string;
  readonly logger?: Logger;
}

/** Creates and deletes mirror pods through the API. */
export class MirrorPodClient {
  private nodeUid: string | undefined;

  constructor(private readonly options: MirrorPodClientOptions) {}

  /** The mirror pod object for `staticPod`: its copy with the mirror annotation, owned by the Node. */
  mirrorPodFor(staticPod: Pod, nodeUid: string): Pod {
    const { uid: _uid, resourceVersion: _rv, ...meta } = staticPod.metadata ?? {};
    return {
      ...staticPod,
      metadata: {
        ...meta,
        annotations: { ...meta.annotations, [configMirrorAnnotation]: staticPodHash(staticPod) },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: this.options.nodeName, uid: nodeUid, controller: true },
        ],
      },
    };
  }

  /**
   * Creates the mirror pod (upstream CreateMirrorPod); an existing mirror with the same hash is
   * success. Throws when the Node cannot be read or the API refuses.
   */
  async createMirrorPod(staticPod: Pod): Promise<void> {
    const body = this.mirrorPodFor(staticPod, await this.getNodeUid());
    const pods = this.options.client.resource<Pod>(podsType).namespace(body.metadata?.namespace ?? 'default');
    try {
      await pods.create(body);
    } catch (err) {
      if (!isStatusError(err, 'AlreadyExists')) throw err;
      const existing = await pods.get(body.metadata?.name ?? '').catch(() => undefined);
      if (existing?.metadata?.annotations?.[configMirrorAnnotation] !== staticPodHash(staticPod)) throw err;
    }
  }

  /**
   * Deletes a mirror pod with grace 0, only if it still has `uid` when given (upstream
   * DeleteMirrorPod). True when it was deleted; not found or a changed UID is false, not an error.
   */
  async deleteMirrorPod(namespace: string, name: string, uid?: string): Promise<boolean> {
    try {
      await this.options.client
        .resource<Pod>(podsType)
        .namespace(namespace)
        .delete(name, { gracePeriodSeconds: 0, ...(uid !== undefined ? { preconditions: { uid } } : {}) });
      return true;
    } catch (err) {
      if (!isStatusError(err, 'NotFound') && !isStatusError(err, 'Conflict'))
        this.options.logger?.warn('failed deleting a mirror pod', { pod: `${namespace}/${name}`, err });
      return false;
    }
  }

  /**
   * SyncPod's mirror step for one static pod: replaces a stale or terminating mirror, and creates
   * one when none is left — unless the Node is gone or being deleted. Returns what it did.
   */
  async syncMirrorPod(staticPod: Pod, mirror: Pod | undefined): Promise<'unchanged' | 'created' | 'skipped'> {
    let deleted = false;
    if (mirror !== undefined && !isMirrorPodOf(mirror, staticPod)) {
      deleted = await this.deleteMirrorPod(
        mirror.metadata?.namespace ?? '',
        mirror.metadata?.name ?? '',
        mirror.metadata?.uid,
      );
    }
    if (mirror !== undefined && !deleted) return 'unchanged';
    const node = await this.getNode().catch(() => undefined);
    if (node === undefined || node.metadata?.deletionTimestamp) return 'skipped';
    this.nodeUid = node.metadata?.uid;
    await this.createMirrorPod(staticPod);
    return 'created';
  }

  /**
   * HandlePodCleanups' step: deletes every orphaned mirror pod, except those whose static pod is
   * still terminating (its status still goes to the mirror); returns the full names deleted.
   */
  async deleteOrphanedMirrorPods(
    mirrorPods: readonly Pod[],
    staticPods: readonly Pod[],
    stillTerminating: (fullName: string) => boolean = () => false,
  ): Promise<string[]> {
    const out: string[] = [];
    for (const m of orphanedMirrorPods(mirrorPods, staticPods)) {
      if (stillTerminating(podFullName(m))) continue;
      if (await this.deleteMirrorPod(m.metadata?.namespace ?? '', m.metadata?.name ?? ''))
        out.push(podFullName(m));
    }
    return out;
  }

  private getNode(): Promise<Node> {
    return this.options.client.resource<Node>(nodesType).get(this.options.nodeName);
  }

  private async getNodeUid(): Promise<string> {
    this.nodeUid ??= (await this.getNode()).metadata?.uid;
    if (this.nodeUid === undefined) throw new Error(`node ${this.options.nodeName} has no UID`);
    return this.nodeUid;
  }
}
