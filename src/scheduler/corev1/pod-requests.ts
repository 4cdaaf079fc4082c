import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { quantityFor } from './quantity.js';

/** The CPU (milli) and memory (bytes) a container is counted with when it requests none, for scoring. */
export const defaultMilliCpuRequest = 100;
/** 200 MiB, upstream's DefaultMemoryRequest. */
export const defaultMemoryRequest = 200 * 1024 * 1024;

/** How podRequests counts. */
export interface PodRequestsOptions {
  /** Count containers without a cpu/memory request as 100m / 200Mi (the scorers' non-zero view). */
  readonly nonMissingDefaults?: boolean;
  /** Leave out spec.overhead. */
  readonly excludeOverhead?: boolean;
}

type Requests = Map<string, number>;

function containerRequests(c: Container, defaults: boolean): Requests {
  const out: Requests = new Map();
  const requests = c.resources?.requests;
  if (requests !== undefined)
    for (const [name, q] of Object.entries(requests)) out.set(name, quantityFor(name, q));
  if (defaults) {
    if (!out.has('cpu')) out.set('cpu', defaultMilliCpuRequest);
    if (!out.has('memory')) out.set('memory', defaultMemoryRequest);
  }
  return out;
}

function addInto(target: Requests, more: Requests): void {
  for (const [k, v] of more) target.set(k, (target.get(k) ?? 0) + v);
}

function maxInto(target: Requests, other: Requests): void {
  for (const [k, v] of other) {
    const current = target.get(k);
    if (current === undefined || v > current) target.set(k, v);
  }
}

/**
 * What a pod asks of a node (component-helpers' PodRequests): the sum of its containers, at least
 * the largest init-container step (restartable "sidecar" init containers keep running, so they add
 * to everything after them), plus the pod overhead. CPU is in milli-units.
 */
export function podRequests(spec: PodSpec | undefined, options: PodRequestsOptions = {}): Requests {
  const defaults = options.nonMissingDefaults ?? false;
  const reqs: Requests = new Map();
  for (const c of spec?.containers ?? []) addInto(reqs, containerRequests(c, defaults));
  const sidecars: Requests = new Map();
  const initMax: Requests = new Map();
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c, defaults);
    if (c.restartPolicy === 'Always') {
      addInto(reqs, r);
      addInto(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const step = new Map(r);
      addInto(step, sidecars);
      maxInto(initMax, step);
    }
  }
  maxInto(reqs, initMax);
  const overhead = spec?.overhead;
  if (!options.excludeOverhead && overhead !== undefined) {
    const o: Requests = new Map();
    for (const [name, q] of Object.entries(overhead)) o.set(name, quantityFor(name, q));
    addInto(reqs, o);
  }
  return reqs;
}
