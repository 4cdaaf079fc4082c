import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addQuantity, compareQuantity, parseResourceList, type Quantity } from '../shared/infra-quantity.js';

type List = Map<string, Quantity>;

function addInto(target: List, source: ReadonlyMap<string, Quantity>): void {
  for (const [name, q] of source) {
    const current = target.get(name);
    target.set(name, current === undefined ? q : addQuantity(current, q));
  }
}

function maxInto(target: List, source: ReadonlyMap<string, Quantity>): void {
  for (const [name, q] of source) {
    const current = target.get(name);
    if (current === undefined || compareQuantity(q, current) > 0) target.set(name, q);
  }
}

function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

function aggregate(pod: Pod, pick: (c: Container) => List): List {
  const total: List = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(total, pick(c));
  // Init containers run one at a time, next to the sidecars started before them: the pod needs the
  // largest of those moments, and sidecars count for the whole life of the pod.
  const sidecars: List = new Map();
  const initPeak: List = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = pick(c);
    if (isSidecar(c)) {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      const moment: List = new Map();
      addInto(moment, own);
      addInto(moment, sidecars);
      maxInto(initPeak, moment);
    }
  }
  maxInto(total, initPeak);
  return total;
}

/** The pod's effective requests, overhead included (resourcehelper.PodRequests). */
export function podRequests(pod: Pod): Map<string, Quantity> {
  const total = aggregate(pod, (c) => parseResourceList(c.resources?.requests));
  addInto(total, parseResourceList(pod.spec?.overhead));
  return total;
}

/** The pod's effective limits; overhead only adds to limits that are set (resourcehelper.PodLimits). */
export function podLimits(pod: Pod): Map<string, Quantity> {
  const total = aggregate(pod, (c) => parseResourceList(c.resources?.limits));
  for (const [name, q] of parseResourceList(pod.spec?.overhead)) {
    const current = total.get(name);
    if (current !== undefined) total.set(name, addQuantity(current, q));
  }
  return total;
}

/** True when no container asks for or limits cpu or memory (QoS class BestEffort). */
export function isBestEffort(pod: Pod): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.every((c) => {
    const names = [...Object.keys(c.resources?.requests ?? {}), ...Object.keys(c.resources?.limits ?? {})];
    return !names.some((n) => n === 'cpu' || n === 'memory');
  });
}
