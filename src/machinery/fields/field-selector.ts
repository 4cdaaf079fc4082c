// Field selectors (`fieldSelector=` query parameter, `kubectl --field-selector`): an AND of
// `field=value`, `field==value` and `field!=value` terms, values escaped with `\`. Parsing,
// matching, messages and the string form follow k8s.io/apimachinery/pkg/fields.

/** The operator of a parsed term; `==` is stored as `=`, as upstream does. */
export type FieldOperator = '=' | '!=';

/** One term: the field must (=) or must not (!=) have the value; a missing field reads as "". */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A field-to-value map of an object's selectable fields (see src/api/field-labels.ts). */
export type Fields = Readonly<Record<string, string>>;

/** A field selector that cannot be parsed or is not supported; `message` is upstream's text. */
export class FieldSelectorError extends Error {
  override readonly name = 'FieldSelectorError';
}

/** Escapes `\`, `,` and `=` in a value so it can be written into a selector string. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Undoes escapeFieldValue; throws FieldSelectorError with upstream's message for an unknown escape
 * (`invalid escape sequence: \x`) or an unescaped `,`/`=` (reported, as upstream, by code point).
 */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new FieldSelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** An immutable AND of field terms, in the order parsing produced (sorted by term text). */
export class FieldSelector {
  private static readonly everythingSelector = new FieldSelector([], false);
  private static readonly nothingSelector = new FieldSelector([], true);

  private constructor(
    private readonly reqs: readonly FieldRequirement[],
    private readonly selectsNothing: boolean,
  ) {}

  /** The selector that matches everything (string form ""). */
  static everything(): FieldSelector {
    return FieldSelector.everythingSelector;
  }

  /** The selector that matches nothing (string form "" too). */
  static nothing(): FieldSelector {
    return FieldSelector.nothingSelector;
  }

  /** A selector of these terms, kept in the given order. */
  static of(requirements: readonly FieldRequirement[]): FieldSelector {
    return requirements.length === 0
      ? FieldSelector.everythingSelector
      : new FieldSelector([...requirements], false);
  }

  /** A selector requiring each field to equal its value (upstream's SelectorFromSet). */
  static fromSet(set: Fields): FieldSelector {
    return FieldSelector.of(Object.entries(set).map(([field, value]) => ({ field, operator: '=', value })));
  }

  /** The terms (empty for everything and nothing). */
  get requirements(): readonly FieldRequirement[] {
    return this.reqs;
  }

  /** True only for the match-nothing selector. */
  get isNothing(): boolean {
    return this.selectsNothing;
  }

  /** True when the selector does not restrict anything. */
  isEmpty(): boolean {
    return !this.selectsNothing && this.reqs.length === 0;
  }

  /** True when every term holds for `fields` (a missing field reads as ""). */
  matches(fields: Fields): boolean {
    if (this.selectsNothing) return false;
    return this.reqs.every((r) => {
      const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    });
  }

  /** The value `field` must equal, if some `=` term pins it (first such term wins, as upstream). */
  requiresExactMatch(field: string): string | undefined {
    return this.reqs.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /**
   * A selector with each term's field and value rewritten by `fn` (which may throw to reject a
   * term); terms rewritten to an empty field and value are dropped, as upstream's Transform.
   */
  transform(fn: (field: string, value: string) => readonly [string, string]): FieldSelector {
    if (this.selectsNothing) return this;
    const out: FieldRequirement[] = [];
    for (const r of this.reqs) {
      const [field, value] = fn(r.field, r.value);
      if (field === '' && value === '') continue;
      out.push({ field, operator: r.operator, value });
    }
    return FieldSelector.of(out);
  }

  /** The canonical text: terms as `field=value` / `field!=value`, values escaped, joined by ",". */
  toString(): string {
    return this.reqs.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

// Splits on commas not escaped by a backslash; the backslashes stay for unescapeFieldValue.
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// The first operator occurrence wins, trying "!=", "==", "=" at each position in turn.
function splitTerm(term: string): [string, '!=' | '==' | '=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/**
 * Parses a field selector ("spec.nodeName=n1,status.phase!=Failed"); terms are sorted by their
 * text first, as upstream, so errors name the first bad term in that order. Empty terms are
 * skipped; "" selects everything. Throws FieldSelectorError with upstream's message.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) {
      throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    const [field, op, rawValue] = split;
    reqs.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(rawValue) });
  }
  return FieldSelector.of(reqs);
}
