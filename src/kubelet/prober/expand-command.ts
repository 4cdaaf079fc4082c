import type { EnvVar } from 'kubernetes-types/core/v1.js';

// Kubernetes' $(VAR) syntax: "$(NAME)" becomes the variable's value, "$$" a literal "$", and a
// reference to an unknown name (or an unclosed one) stays as written.
function expand(text: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i += 2;
        continue;
      }
      const name = text.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += `$${next}`;
      i += 2;
    }
  }
  return out;
}

/**
 * An exec probe's command with $(VAR) references to the container's env expanded, using only the
 * literal `value`s: variables filled from secrets, config maps or fields expand to "" here, exactly
 * as upstream's ExpandContainerCommandOnlyStatic does (probes never see the resolved environment).
 */
export function expandCommandWithStaticEnv(
  command: readonly string[],
  env: readonly EnvVar[] | undefined,
): string[] {
  const values = new Map<string, string>();
  for (const v of env ?? []) values.set(v.name, v.value ?? '');
  return command.map((part) => expand(part, (name) => values.get(name)));
}
