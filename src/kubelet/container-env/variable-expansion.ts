// The `$(VAR)` syntax of container env values, command, args and subPathExpr, with the kubelet's
// exact edge cases: `$$` is an escaped `$`, an unknown `$(NAME)` stays as written, an unclosed
// `$(` is kept literally, and a `$` before any other character is kept with that character.

/** Looks a variable up; returns its value, or the reference as written when it is unknown. */
export type VariableMapping = (name: string) => string;

/** A mapping over several maps searched in order; unknown names stay `$(NAME)`. */
export function mappingFor(...sources: readonly ReadonlyMap<string, string>[]): VariableMapping {
  return (name) => {
    for (const source of sources) {
      const value = source.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

/** Expands every `$(NAME)` in `input` through `mapping`, honouring `$$` escapes. */
export function expandVariables(input: string, mapping: VariableMapping): string {
  let out = '';
  let copiedUpTo = 0;
  // Byte-for-byte like upstream: only ASCII '$', '(' and ')' are syntax, so indexing UTF-16 code
  // units gives the same result for every other character.
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(copiedUpTo, cursor);
    const next = input[cursor + 1];
    let consumed = 1;
    if (next === '$') {
      out += '$';
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        // An unclosed reference: keep "$(" and carry on scanning after it.
        out += '$(';
      } else {
        out += mapping(input.slice(cursor + 2, close));
        consumed = close - cursor;
      }
    } else {
      out += `$${next}`;
    }
    cursor += consumed;
    copiedUpTo = cursor + 1;
  }
  return out + input.slice(copiedUpTo);
}
