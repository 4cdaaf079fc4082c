import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from 'kubernetes-types/core/v1.js';
import type { Labels } from './label-matcher.js';

// Node selectors as component-helpers' nodeaffinity package evaluates them: terms are ORed, the
// requirements of a term ANDed; a term with nothing in it, or with a requirement that does not
// parse, never matches (upstream keeps the parse error and treats the term as failing).

const int64Pattern = /^[+-]?\d+$/;

type Check = (labels: Labels | undefined, nodeName: string) => boolean;

function labelCheck(r: NodeSelectorRequirement): Check | undefined {
  const key = r.key;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return (l) => l !== undefined && Object.hasOwn(l, key) && values.includes(l[key]!);
    case 'NotIn':
      if (values.length === 0) return undefined;
      return (l) => l === undefined || !Object.hasOwn(l, key) || !values.includes(l[key]!);
    case 'Exists':
      if (values.length !== 0) return undefined;
      return (l) => l !== undefined && Object.hasOwn(l, key);
    case 'DoesNotExist':
      if (values.length !== 0) return undefined;
      return (l) => l === undefined || !Object.hasOwn(l, key);
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !int64Pattern.test(values[0]!)) return undefined;
      const bound = BigInt(values[0]!);
      const gt = r.operator === 'Gt';
      return (l) => {
        if (l === undefined || !Object.hasOwn(l, key)) return false;
        const v = l[key]!;
        if (!int64Pattern.test(v)) return false;
        const n = BigInt(v);
        return gt ? n > bound : n < bound;
      };
    }
    default:
      return undefined;
  }
}

function fieldCheck(r: NodeSelectorRequirement): Check | undefined {
  // Only metadata.name is a supported node field, with exactly one value.
  const values = r.values ?? [];
  if (r.key !== 'metadata.name' || values.length !== 1) return undefined;
  const name = values[0]!;
  if (r.operator === 'In') return (_l, n) => n === name;
  if (r.operator === 'NotIn') return (_l, n) => n !== name;
  return undefined;
}

/** A compiled NodeSelectorTerm; undefined when it is empty or does not parse (it matches nothing). */
function compileTerm(term: NodeSelectorTerm): Check[] | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const checks: Check[] = [];
  for (const r of exprs) {
    const c = labelCheck(r);
    if (c === undefined) return undefined;
    checks.push(c);
  }
  for (const r of fields) {
    const c = fieldCheck(r);
    if (c === undefined) return undefined;
    checks.push(c);
  }
  return checks;
}

function allHold(checks: readonly Check[], labels: Labels | undefined, name: string): boolean {
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(labels, name)) return false;
  return true;
}

/** A compiled v1.NodeSelector: ORed terms. */
export class NodeSelectorMatcher {
  private readonly terms: Check[][];

  constructor(terms: readonly NodeSelectorTerm[]) {
    this.terms = [];
    for (const t of terms) {
      const c = compileTerm(t);
      if (c !== undefined) this.terms.push(c);
    }
  }

  /** True when some term matches the node. */
  matches(labels: Labels | undefined, nodeName: string): boolean {
    for (const t of this.terms) if (allHold(t, labels, nodeName)) return true;
    return false;
  }
}

/**
 * The node constraints a pod must satisfy (nodeaffinity.GetRequiredNodeAffinity): spec.nodeSelector
 * and the required node affinity terms.
 */
export class RequiredNodeAffinity {
  private readonly selector: readonly [string, string][];
  private readonly affinity: NodeSelectorMatcher | undefined;

  constructor(pod: Pod) {
    this.selector = Object.entries(pod.spec?.nodeSelector ?? {});
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.affinity = required ? new NodeSelectorMatcher(required.nodeSelectorTerms ?? []) : undefined;
  }

  /** True when the pod sets neither a nodeSelector nor required node affinity. */
  get unconstrained(): boolean {
    return this.selector.length === 0 && this.affinity === undefined;
  }

  /** True when the node satisfies both. */
  matches(labels: Labels | undefined, nodeName: string): boolean {
    for (const [k, v] of this.selector) if (labels === undefined || labels[k] !== v) return false;
    return this.affinity === undefined || this.affinity.matches(labels, nodeName);
  }

  /** Convenience for a Node object. */
  matchesNode(node: Node): boolean {
    return this.matches(node.metadata?.labels, node.metadata?.name ?? '');
  }
}

/** Compiled preferred terms: the weight of each and its matcher. */
export class PreferredNodeAffinity {
  private readonly terms: { weight: number; checks: Check[] }[] = [];

  constructor(preferred: readonly PreferredSchedulingTerm[]) {
    for (const p of preferred) {
      if (!p.weight) continue;
      const checks = compileTerm(p.preference);
      if (checks !== undefined) this.terms.push({ weight: p.weight, checks });
    }
  }

  /** True when no term can contribute. */
  get empty(): boolean {
    return this.terms.length === 0;
  }

  /** The sum of the weights of the terms the node matches. */
  score(labels: Labels | undefined, nodeName: string): number {
    let sum = 0;
    for (const t of this.terms) if (allHold(t.checks, labels, nodeName)) sum += t.weight;
    return sum;
  }
}
