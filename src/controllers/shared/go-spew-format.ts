import type { GoValue } from './go-value.js';

// go-spew's "%#v" formatter with the settings upstream hashes with (DeepHashObject /
// dump.ForHash: SortKeys, SpewKeys, DisableMethods): every value is prefixed by its type in
// parentheses unless it is a slice element, map key or map value, strings print raw, nil prints
// "<nil>". The `ignoreNextType` flag is spew's own state and leaks exactly as it does there (a nil
// pointer printed while it is set leaves it set), because the hash depends on the bytes.

interface State {
  ignoreNextType: boolean;
  out: string[];
}

function format(v: GoValue, st: State): void {
  if (v.kind === 'ptr') return formatPtr(v, st);
  if (!st.ignoreNextType) st.out.push(`(${v.type})`);
  st.ignoreNextType = false;
  switch (v.kind) {
    case 'basic':
      st.out.push(v.text);
      return;
    case 'slice':
      if (v.items === undefined) {
        st.out.push('<nil>');
        return;
      }
      st.out.push('[');
      v.items.forEach((item, i) => {
        if (i > 0) st.out.push(' ');
        st.ignoreNextType = true;
        format(item, st);
      });
      st.out.push(']');
      return;
    case 'map': {
      if (v.entries === undefined) {
        st.out.push('<nil>');
        return;
      }
      st.out.push('map[');
      // String keys sort by their bytes, which for the ASCII keys of pod templates is code-unit order.
      const entries = [...v.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      entries.forEach(([key, value], i) => {
        if (i > 0) st.out.push(' ');
        st.ignoreNextType = true;
        st.out.push(key);
        st.ignoreNextType = false;
        st.out.push(':');
        st.ignoreNextType = true;
        format(value, st);
      });
      st.out.push(']');
      return;
    }
    case 'struct':
      st.out.push('{');
      v.fields.forEach(([name, value], i) => {
        if (i > 0) st.out.push(' ');
        st.out.push(`${name}:`);
        format(value, st);
      });
      st.out.push('}');
      return;
  }
}

function formatPtr(v: Extract<GoValue, { kind: 'ptr' }>, st: State): void {
  if (v.elem === undefined && st.ignoreNextType) {
    st.out.push('<nil>');
    return;
  }
  if (!st.ignoreNextType) st.out.push(`(${v.type})`);
  else st.out.push(v.elem === undefined ? `<${'*'.repeat(countStars(v.type))}>` : '<*>');
  if (v.elem === undefined) {
    st.out.push('<nil>');
    return;
  }
  st.ignoreNextType = true;
  format(v.elem, st);
}

function countStars(type: string): number {
  return [...type].filter((c) => c === '*').length;
}

/** The text go-spew prints for `printer.Fprintf(w, "%#v", value)` under upstream's hashing config. */
export function spewFormat(value: GoValue): string {
  const st: State = { ignoreNextType: false, out: [] };
  format(value, st);
  return st.out.join('');
}
