// What every Pod Security check shares: the pod shapes it reads, the result it returns, and the
// message helpers whose wording the upstream messages depend on.

import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** The pod metadata a check reads. */
export type PodMetadata = Pick<ObjectMeta, 'annotations' | 'name'>;

/** One check's verdict; `reason` is always printed, `detail` in parentheses for single objects. */
export interface CheckResult {
  readonly allowed: boolean;
  readonly reason?: string;
  readonly detail?: string;
}

/** A versioned implementation of a check. */
export type CheckPod = (meta: PodMetadata, spec: PodSpec) => CheckResult;

/** The verdict that allows. */
export const ALLOWED: CheckResult = { allowed: true };

/** `"a", "b"` — Go's joinQuote. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Singular for exactly one, else plural. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Init containers, containers, then ephemeral containers, as upstream's visitor. */
export function visitContainers(spec: PodSpec, visit: (c: Container) => void): void {
  for (const c of spec.initContainers ?? []) visit(c);
  for (const c of spec.containers ?? []) visit(c);
  for (const c of spec.ephemeralContainers ?? []) visit(c as Container);
}

/** A sorted, de-duplicated list (Go's sets.String.List()). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** True for pods declared to run on Windows (several restricted checks exempt them from v1.25 on). */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}
