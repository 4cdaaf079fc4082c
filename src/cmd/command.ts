import { parseArgs } from 'node:util';

/** One command-line flag of a command. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly default?: string | boolean;
  readonly multiple?: boolean;
  readonly placeholder?: string;
}

/** Parsed flag values of one invocation, by flag name. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** A `k8ts` subcommand: its help text, its flags and what it runs. Resolves to the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Extra usage words after the flags, e.g. "stop|start NAME". */
  readonly positionals?: string;
  run(flags: FlagValues, positionals: readonly string[]): Promise<number>;
}

/** Renders `k8ts NAME --help`. */
export function commandHelp(cmd: Command): string {
  const lines = [
    `k8ts ${cmd.name} — ${cmd.summary}`,
    '',
    `Usage: k8ts ${cmd.name} [flags]${cmd.positionals ? ` ${cmd.positionals}` : ''}`,
  ];
  const entries = Object.entries(cmd.flags);
  if (entries.length > 0) {
    lines.push('', 'Flags:');
    for (const [name, spec] of entries) {
      const arg = spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : '';
      const dflt =
        spec.default !== undefined && spec.default !== false ? ` (default ${String(spec.default)})` : '';
      lines.push(`  --${name}${arg}`.padEnd(30) + ` ${spec.description}${dflt}`);
    }
  }
  lines.push('  --help'.padEnd(30) + ' show this help');
  return lines.join('\n');
}

/** Parses `args` against the command's flags; throws a usage message on unknown or malformed flags. */
export function parseFlags(
  cmd: Command,
  args: readonly string[],
): { flags: FlagValues; positionals: string[]; help: boolean } {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; multiple?: boolean; default?: string | boolean }
  > = {
    help: { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(cmd.flags)) {
    options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
    if (spec.default !== undefined) options[name]!.default = spec.default;
  }
  const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  const { help, ...flags } = parsed.values as FlagValues;
  return { flags, positionals: parsed.positionals, help: help === true };
}
