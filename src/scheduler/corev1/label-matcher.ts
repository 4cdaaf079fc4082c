import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { selectorFromLabelSelector, type Requirement } from '../../machinery/labels/index.js';

/** Label sets as the API carries them. */
export type Labels = Readonly<Record<string, string>>;

/**
 * A compiled label selector for hot loops: requirements checked in a plain loop with no closures.
 * `nothing` never matches (a nil selector), an empty one matches everything.
 */
export class LabelMatcher {
  private static readonly all = new LabelMatcher([], false);
  private static readonly none = new LabelMatcher([], true);

  private cachedKey: string | undefined;
  private keyNamespace: string | undefined;
  private namespacedKey = '';

  private constructor(
    private readonly reqs: readonly Requirement[],
    /** True for the selector that matches nothing. */
    readonly nothing: boolean,
  ) {}

  /** Compiles a metav1.LabelSelector; throws LabelSelectorError on an invalid one. */
  static fromLabelSelector(ls: LabelSelector | null | undefined): LabelMatcher {
    const selector = selectorFromLabelSelector(ls);
    if (selector.isNothing) return LabelMatcher.none;
    if (selector.isEmpty()) return LabelMatcher.all;
    return new LabelMatcher(selector.requirements, false);
  }

  /** A matcher for these requirements (ANDed). */
  static of(requirements: readonly Requirement[]): LabelMatcher {
    return requirements.length === 0 ? LabelMatcher.all : new LabelMatcher(requirements, false);
  }

  /** Matches every label set. */
  static everything(): LabelMatcher {
    return LabelMatcher.all;
  }

  /** Matches no label set. */
  static nothingMatcher(): LabelMatcher {
    return LabelMatcher.none;
  }

  /** The requirements (empty for everything and nothing). */
  get requirements(): readonly Requirement[] {
    return this.reqs;
  }

  /** A canonical text of the selector: equal keys select the same label sets (a memo key). */
  get key(): string {
    this.cachedKey ??= this.nothing ? '<nothing>' : this.reqs.map(String).join(',');
    return this.cachedKey;
  }

  /**
   * `namespace/key`: what the selector selects among one namespace's pods. Remembered for the last
   * namespace asked, since one pod's constraints ask it for every node.
   */
  keyIn(namespace: string): string {
    if (this.keyNamespace !== namespace) {
      this.keyNamespace = namespace;
      this.namespacedKey = `${namespace}/${this.key}`;
    }
    return this.namespacedKey;
  }

  /** True when the selector restricts nothing. */
  get empty(): boolean {
    return !this.nothing && this.reqs.length === 0;
  }

  /** True when every requirement holds for `labels`. */
  matches(labels: Labels | undefined): boolean {
    if (this.nothing) return false;
    const reqs = this.reqs;
    for (let i = 0; i < reqs.length; i++) if (!reqs[i]!.matches(labels)) return false;
    return true;
  }
}
