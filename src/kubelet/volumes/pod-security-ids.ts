// The ids volume set-up takes from a pod's security context: fsGroup (and its change policy) for
// group ownership, and the single runAsUser all containers share for projected token ownership.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { FsGroupChangePolicy } from './volume-ownership.js';

/** pod.spec.securityContext.fsGroup, if set. */
export function podFsGroup(pod: Pod): number | undefined {
  return pod.spec?.securityContext?.fsGroup;
}

/** pod.spec.securityContext.fsGroupChangePolicy (default Always). */
export function podFsGroupChangePolicy(pod: Pod): FsGroupChangePolicy {
  return pod.spec?.securityContext?.fsGroupChangePolicy === 'OnRootMismatch' ? 'OnRootMismatch' : 'Always';
}

/**
 * upstream's FsUserFrom: the runAsUser every init and regular container runs as (its own or the
 * pod's), or undefined when one has none or two differ.
 */
export function podFsUser(pod: Pod): number | undefined {
  let fsUser: number | undefined;
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const c of containers) {
    const user = c.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
    if (user === undefined || (fsUser !== undefined && fsUser !== user)) return undefined;
    fsUser = user;
  }
  return fsUser;
}
