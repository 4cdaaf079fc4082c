// A label selector (upstream's labels.Selector): an AND of requirements kept sorted by key, so its
// string form is canonical. That form is what Scale's status.selector and the SELECTOR column of
// `kubectl get -o wide` show, so it must match upstream character for character.

import type { Labels, Requirement } from './requirement.js';

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** An immutable AND of requirements; build with parseSelector, selectorFromLabelSelector, ... */
export class Selector {
  private static readonly everythingSelector = new Selector([], false);
  private static readonly nothingSelector = new Selector([], true);

  private constructor(
    private readonly reqs: readonly Requirement[],
    private readonly selectsNothing: boolean,
  ) {}

  /** The selector that matches every label set (its string form is ""). */
  static everything(): Selector {
    return Selector.everythingSelector;
  }

  /** The selector that matches nothing (a nil metav1.LabelSelector); its string form is "" too. */
  static nothing(): Selector {
    return Selector.nothingSelector;
  }

  /** A selector of these requirements, sorted by key (stable, as upstream's sort on small sets). */
  static of(requirements: readonly Requirement[]): Selector {
    return requirements.length === 0
      ? Selector.everythingSelector
      : new Selector([...requirements].sort(byKey), false);
  }

  /** The requirements, sorted by key (empty for everything and nothing). */
  get requirements(): readonly Requirement[] {
    return this.reqs;
  }

  /** True only for the match-nothing selector. */
  get isNothing(): boolean {
    return this.selectsNothing;
  }

  /** True when the selector does not restrict anything (nothing() is not empty, as upstream). */
  isEmpty(): boolean {
    return !this.selectsNothing && this.reqs.length === 0;
  }

  /** A new selector with more requirements (nothing() stays nothing). */
  add(...requirements: Requirement[]): Selector {
    if (this.selectsNothing) return this;
    return Selector.of([...this.reqs, ...requirements]);
  }

  /** True when every requirement matches `labels`. */
  matches(labels: Labels | undefined): boolean {
    if (this.selectsNothing) return false;
    return this.reqs.every((r) => r.matches(labels));
  }

  /** The value `label` must have if the selector pins it with =, == or a one-value in. */
  requiresExactMatch(label: string): string | undefined {
    const r = this.reqs.find((x) => x.key === label);
    if (r === undefined) return undefined;
    const pins = r.operator === '=' || r.operator === '==' || r.operator === 'in';
    return pins && r.values.length === 1 ? r.values[0] : undefined;
  }

  /** The canonical text: requirements joined by "," (e.g. "app=web,tier in (a,b)"). */
  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }
}
