// A pod's effective requests and limits as upstream's resource helpers (PodRequests, PodLimits)
// compute them with sidecars: regular containers and restartable init containers run together and
// add up; each ordinary init container runs alongside the sidecars started before it, so the pod
// needs the larger of the steady-state sum and the peak of any init step. Overhead comes on top.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addAmounts, amountsOf, maxAmounts, type ResourceAmounts } from './resource-amounts.js';

/** Whether a container is a sidecar: an init container with restartPolicy Always. */
export function isRestartableInitContainer(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

/** Called with each container's effective list (init steps include the sidecars before them). */
export type ContainerAmountsVisitor = (amounts: ResourceAmounts, kind: 'container' | 'init') => void;

function aggregate(
  pod: Pod,
  pick: (c: Container) => ResourceAmounts,
  visit: ContainerAmountsVisitor | undefined,
): ResourceAmounts {
  const total: ResourceAmounts = new Map();
  for (const c of pod.spec?.containers ?? []) {
    const own = pick(c);
    visit?.(own, 'container');
    addAmounts(total, own);
  }
  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    let step = pick(c);
    if (isRestartableInitContainer(c)) {
      addAmounts(total, step);
      addAmounts(sidecars, step);
      step = new Map(sidecars);
    } else {
      addAmounts(step, sidecars);
    }
    visit?.(step, 'init');
    maxAmounts(initPeak, step);
  }
  maxAmounts(total, initPeak);
  return total;
}

/** The pod's requests (upstream PodRequests): containers + sidecars vs init peaks, plus overhead. */
export function podRequests(pod: Pod): ResourceAmounts {
  const reqs = aggregate(pod, (c) => amountsOf(c.resources?.requests), undefined);
  addAmounts(reqs, amountsOf(pod.spec?.overhead));
  return reqs;
}

/**
 * The pod's limits (upstream PodLimits); `visit` sees each container's effective limits, which is
 * how the pod cgroup learns whether every container declared one. Overhead is added only to
 * resources that have a non-zero limit, since an unlimited resource stays unlimited.
 */
export function podLimits(pod: Pod, visit?: ContainerAmountsVisitor): ResourceAmounts {
  const limits = aggregate(pod, (c) => amountsOf(c.resources?.limits), visit);
  for (const [name, v] of amountsOf(pod.spec?.overhead)) {
    const cur = limits.get(name);
    if (cur !== undefined && cur !== 0n) limits.set(name, cur + v);
  }
  return limits;
}
