// The label selector string parser (`labelSelector=` query parameter, `kubectl -l`). It mirrors
// upstream's lexer and recursive-descent parser token for token, because the accepted syntax has
// quirks (`x=` means "x is empty", `in` is also a valid key or value, `(,)` holds the empty value)
// and its error messages reach users verbatim.

import { aggregateFieldErrors, fieldInvalid } from '../../api/validation/field-error.js';
import { LabelSelectorError } from './label-selector-error.js';
import { isQualifiedName } from '../../api/validation/label-validation.js';
import { BINARY_OPERATORS, Requirement, validateRequirement, type Operator } from './requirement.js';
import { Selector } from './selector.js';

type Token =
  | 'error'
  | 'end'
  | 'closePar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const literalTokens: ReadonlyMap<string, Token> = new Map([
  [')', 'closePar'],
  [',', 'comma'],
  ['!', 'doesNotExist'],
  ['==', 'doubleEquals'],
  ['=', 'equals'],
  ['>', 'greaterThan'],
  ['in', 'in'],
  ['<', 'lessThan'],
  ['!=', 'notEquals'],
  ['notin', 'notIn'],
  ['(', 'openPar'],
]);

interface Item {
  tok: Token;
  lit: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return '=!(),><'.includes(ch) && ch !== '';
}

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  // Upstream reads a 0 byte at the end of input and treats a NUL inside it the same way.
  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++] as string;
    return '\0';
  }

  private unread(): void {
    this.pos--;
  }

  private scanIdOrKeyword(): Item {
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buf += ch;
    }
    return { tok: literalTokens.get(buf) ?? 'identifier', lit: buf };
  }

  private scanSpecialSymbol(): Item {
    let buf = '';
    let last: Item | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (isSpecial(ch)) {
        buf += ch;
        const tok = literalTokens.get(buf);
        if (tok !== undefined) last = { tok, lit: buf };
        else if (last !== undefined) {
          this.unread();
          break;
        }
      } else {
        this.unread();
        break;
      }
    }
    return last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` };
  }

  lex(): Item {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === '\0') return { tok: 'end', lit: '' };
    this.unread();
    return isSpecial(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }
}

/** Parsing context: in Values, the keywords `in` and `notin` are plain identifiers. */
type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly items: Item[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === 'end') break;
    }
  }

  private adjust(item: Item, context: Context): Item {
    if (context === 'values' && (item.tok === 'in' || item.tok === 'notIn'))
      return { tok: 'identifier', lit: item.lit };
    return item;
  }

  private lookahead(context: Context): Item {
    return this.adjust(this.items[this.position] as Item, context);
  }

  private consume(context: Context): Item {
    return this.adjust(this.items[this.position++] as Item, context);
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      switch (tok) {
        case 'identifier':
        case 'doesNotExist': {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (err) {
            if (err instanceof LabelSelectorError) {
              throw new LabelSelectorError(`unable to parse requirement: ${err.message}`, err.fieldErrors);
            }
            throw err;
          }
          requirements.push(r);
          const next = this.consume('values');
          if (next.tok === 'end') return requirements;
          if (next.tok === 'comma') {
            const after = this.lookahead('values');
            if (after.tok !== 'identifier' && after.tok !== 'doesNotExist') {
              throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
            }
          } else {
            throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case 'end':
          return requirements;
        default:
          throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    let operator: Operator;
    let values: string[];
    if (inferred === 'exists' || inferred === '!') {
      operator = inferred;
      values = [];
    } else {
      operator = this.parseOperator();
      values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    }
    // Upstream collects values in a set and lists it sorted.
    const sorted = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const errs = validateRequirement(key, operator, sorted);
    if (errs.length > 0) throw new LabelSelectorError(aggregateFieldErrors(errs), errs);
    return new Requirement(key, operator, sorted);
  }

  private parseKeyAndInferOperator(): [string, Operator | undefined] {
    let operator: Operator | undefined;
    let item = this.consume('values');
    if (item.tok === 'doesNotExist') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== 'identifier') throw new LabelSelectorError(`found '${item.lit}', expected: identifier`);
    const problems = isQualifiedName(item.lit);
    if (problems.length > 0) {
      // Upstream validates the key with a nil field path, which renders as "<nil>".
      const err = fieldInvalid('<nil>', item.lit, problems.join('; '));
      throw new LabelSelectorError(aggregateFieldErrors([err]), [err]);
    }
    const next = this.lookahead('values').tok;
    if ((next === 'end' || next === 'comma') && operator !== '!') operator = 'exists';
    return [item.lit, operator];
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume('keyAndOperator');
    switch (tok) {
      case 'in':
        return 'in';
      case 'equals':
        return '=';
      case 'doubleEquals':
        return '==';
      case 'greaterThan':
        return 'gt';
      case 'lessThan':
        return 'lt';
      case 'notIn':
        return 'notin';
      case 'notEquals':
        return '!=';
      default:
        throw new LabelSelectorError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.tok !== 'openPar') throw new LabelSelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead('values');
    switch (tok) {
      case 'identifier':
      case 'comma': {
        const values = this.parseIdentifiersList();
        if (this.consume('values').tok !== 'closePar') {
          throw new LabelSelectorError(`found '${lit}', expected: ')'`);
        }
        return values;
      }
      case 'closePar':
        this.consume('values');
        return [''];
      default:
        throw new LabelSelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      switch (tok) {
        case 'identifier': {
          values.add(lit);
          const next = this.lookahead('values');
          if (next.tok === 'comma') continue;
          if (next.tok === 'closePar') return [...values];
          throw new LabelSelectorError(`found '${next.lit}', expected: ',' or ')'`);
        }
        case 'comma': {
          // Commas with nothing between them stand for the empty value: "(,a)", "(a,,b)", "(a,)".
          if (values.size === 0) values.add('');
          const next = this.lookahead('values');
          if (next.tok === 'closePar') {
            values.add('');
            return [...values];
          }
          if (next.tok === 'comma') {
            this.consume('values');
            values.add('');
          }
          break;
        }
        default:
          throw new LabelSelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead('values');
    if (ahead.tok === 'end' || ahead.tok === 'comma') return [''];
    const { tok, lit } = this.consume('values');
    if (tok === 'identifier') return [lit];
    throw new LabelSelectorError(`found '${lit}', expected: identifier`);
  }
}

/**
 * Parses a label selector string ("app=web,tier in (a,b),!canary") into a Selector; "" (or only
 * blanks) selects everything. Throws LabelSelectorError with upstream's message on bad input.
 */
export function parseSelector(text: string): Selector {
  return Selector.of(new Parser(text).parse());
}

/** Parses a selector into its requirements in parse order sorted by key, like ParseToRequirements. */
export function parseRequirements(text: string): Requirement[] {
  return [...parseSelector(text).requirements];
}
