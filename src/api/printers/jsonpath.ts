// A JSONPath evaluator for CRD additionalPrinterColumns, following the dialect of client-go's
// util/jsonpath that upstream evaluates them with: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`,
// `.*`, `..a` and filters such as `[?(@.type=="Ready")]`. Unions (`,`) and range/end are not
// supported; a column using them is rejected at parse time.

type Literal = string | number | boolean;

type Operand = { readonly path: readonly Step[] } | { readonly literal: Literal };

type Step =
  | { readonly op: 'field'; readonly name: string }
  | { readonly op: 'wildcard' }
  | { readonly op: 'recursive' }
  | {
      readonly op: 'slice';
      readonly start?: number;
      readonly end?: number;
      readonly derivedEnd: boolean;
      readonly step?: number;
    }
  | {
      readonly op: 'filter';
      readonly left: readonly Step[];
      readonly operator: string;
      readonly right?: Operand;
    };

/** A parsed JSONPath; `find` returns every match, in document order where the dialect defines one. */
export interface JsonPath {
  /** Throws JsonPathError when evaluation fails (index out of range, filtering a non-list, ...). */
  find(data: unknown): unknown[];
}

/** A JSONPath that does not parse, or an evaluation that fails. */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

const terminators = new Set([' ', '\t', '\n', '\r', '.', ',', '[', ']', '$', '@', '{', '}']);
const sliceSyntax = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const comparison = /^([^!<>=]+)([!<>=]+)(.+?)$/;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parsePath(): Step[] {
    const steps: Step[] = [];
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '$' || c === '@') {
        this.pos++; // the root or current object: the input itself
      } else if (c === '.' && this.text[this.pos + 1] === '.') {
        this.pos += 2;
        steps.push({ op: 'recursive' });
        // "..name" descends then selects name; "..[0]" or "..*" go on as separate steps.
        if (this.pos < this.text.length && !terminators.has(this.text[this.pos] as string)) {
          const name = this.fieldName();
          steps.push(name === '*' ? { op: 'wildcard' } : { op: 'field', name });
        }
      } else if (c === '.') {
        this.pos++;
        const name = this.fieldName();
        steps.push(name === '*' ? { op: 'wildcard' } : { op: 'field', name });
      } else if (c === '[') {
        steps.push(this.text.startsWith('[?(', this.pos) ? this.filter() : this.bracket());
      } else {
        throw new JsonPathError(
          `unsupported JSONPath syntax at ${JSON.stringify(this.text.slice(this.pos))}`,
        );
      }
    }
    return steps;
  }

  private fieldName(): string {
    let name = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        name += this.text[this.pos + 1]; // a backslash escapes the next character, e.g. "\."
        this.pos += 2;
        continue;
      }
      if (terminators.has(c)) break;
      name += c;
      this.pos++;
    }
    return name;
  }

  private bracket(): Step {
    const close = this.text.indexOf(']', this.pos);
    if (close < 0) throw new JsonPathError('unterminated array');
    let inner = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    if (inner.includes(',')) throw new JsonPathError('JSONPath unions are not supported');
    const key = /^'([^']*)'$/.exec(inner);
    if (key) return { op: 'field', name: key[1] as string };
    if (inner === '*') inner = ':';
    const m = sliceSyntax.exec(inner);
    if (!m) throw new JsonPathError(`invalid array index ${inner}`);
    const num = (s: string | undefined): number | undefined =>
      s === undefined || s === '' ? undefined : Number(s);
    const start = num(m[1]);
    if (m[2] === undefined) {
      // [n] is the slice [n:n+1], with the end marked derived so that [-1] still works.
      return start === undefined
        ? { op: 'slice', derivedEnd: false }
        : { op: 'slice', start, end: start + 1, derivedEnd: true };
    }
    return { op: 'slice', start, end: num(m[2].slice(1)), derivedEnd: false, step: num(m[3]?.slice(1)) };
  }

  private filter(): Step {
    const begin = this.pos + 3;
    let quote: string | undefined;
    let i = begin;
    for (; i < this.text.length; i++) {
      const c = this.text[i];
      if (quote) {
        if (c === quote && this.text[i - 1] !== '\\') quote = undefined;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === ')') {
        break;
      }
    }
    if (i >= this.text.length) throw new JsonPathError('unterminated filter');
    if (this.text[i + 1] !== ']') throw new JsonPathError('unclosed array expect ]');
    const body = this.text.slice(begin, i);
    this.pos = i + 2;
    const m = comparison.exec(body);
    if (!m) return { op: 'filter', left: new Parser(body.trim()).parsePath(), operator: 'exists' };
    return {
      op: 'filter',
      left: new Parser((m[1] as string).trim()).parsePath(),
      operator: m[2] as string,
      right: operand((m[3] as string).trim()),
    };
  }
}

function operand(text: string): Operand {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted) return { literal: (quoted[2] as string).replace(/\\(.)/g, '$1') };
  if (text === 'true' || text === 'false') return { literal: text === 'true' };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { literal: Number(text) };
  return { path: new Parser(text).parsePath() };
}

/** Parses a JSONPath as written in a CRD column ("{...}" braces optional); throws JsonPathError. */
export function parseJsonPath(expression: string): JsonPath {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const steps = new Parser(text).parsePath();
  return { find: (data) => evaluate(steps, [data]) };
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function evaluate(steps: readonly Step[], input: unknown[]): unknown[] {
  let values = input;
  for (const step of steps) values = apply(step, values);
  return values;
}

function apply(step: Step, input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of input) {
    switch (step.op) {
      case 'field':
        // Missing keys are allowed (printer columns are lenient); a present null is a value.
        if (isMap(value) && Object.hasOwn(value, step.name)) out.push(value[step.name]);
        break;
      case 'wildcard':
        if (isMap(value)) out.push(...Object.values(value));
        else if (Array.isArray(value)) out.push(...value);
        break;
      case 'recursive':
        out.push(...descendants(value));
        break;
      case 'slice':
        if (value === null || value === undefined) break;
        if (!Array.isArray(value)) throw new JsonPathError(`${typeof value} is not array or slice`);
        out.push(...slice(step, value));
        break;
      case 'filter':
        if (!Array.isArray(value)) throw new JsonPathError('not array or slice and cannot be filtered');
        out.push(...value.filter((item) => passes(step, item)));
        break;
    }
  }
  return out;
}

function descendants(value: unknown): unknown[] {
  const children = isMap(value) ? Object.values(value) : Array.isArray(value) ? value : [];
  if (children.length === 0) return [];
  return [value, ...children.flatMap(descendants)];
}

function slice(step: Extract<Step, { op: 'slice' }>, list: readonly unknown[]): unknown[] {
  const len = list.length;
  let start = step.start ?? 0;
  if (start < 0) start += len;
  let end = step.end ?? len;
  if (step.end !== undefined && (end < 0 || (end === 0 && step.derivedEnd))) end += len;
  if (start === end) return [];
  if (start < 0 || start >= len)
    throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
  if (end < 0 || end > len)
    throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
  if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
  const stride = step.step ?? 1;
  if (stride <= 0) throw new JsonPathError('step must be > 0');
  const out: unknown[] = [];
  for (let i = start; i < end; i += stride) out.push(list[i]);
  return out;
}

function single(values: unknown[]): unknown | undefined {
  if (values.length > 1) throw new JsonPathError('can only compare one element at a time');
  return values.length === 0 ? undefined : values[0];
}

function passes(step: Extract<Step, { op: 'filter' }>, item: unknown): boolean {
  if (step.operator === 'exists') {
    // An existence test treats a failing sub-path as absent rather than as an error.
    try {
      return evaluate(step.left, [item]).length > 0;
    } catch {
      return false;
    }
  }
  const lefts = evaluate(step.left, [item]);
  if (lefts.length === 0) return false;
  const left = single(lefts);
  const right =
    step.right === undefined
      ? undefined
      : 'literal' in step.right
        ? step.right.literal
        : single(evaluate(step.right.path, [item]));
  if (right === undefined) return false;
  return compare(left, step.operator, right);
}

// Go's template comparisons: operands must be of one basic kind, and ints never equal floats.
function kindOf(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v;
  throw new JsonPathError('invalid type for comparison');
}

function compare(left: unknown, operator: string, right: unknown): boolean {
  const kind = kindOf(left);
  if (kind !== kindOf(right)) throw new JsonPathError('incompatible types for comparison');
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  if (kind === 'boolean') throw new JsonPathError('invalid type for comparison');
  const [a, b] = [left as string | number, right as string | number];
  switch (operator) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      throw new JsonPathError(`unrecognized filter operator ${operator}`);
  }
}
