import { type Command, commandHelp, parseFlags } from './command.js';
import { commands } from './commands.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'k8ts — Kubernetes, rebuilt in TypeScript',
    '',
    'Usage: k8ts COMMAND [flags]     (k8ts COMMAND --help for its flags)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name === undefined ? 1 : 0;
  }
  // Two-word commands such as "sim node" are matched on their longest prefix.
  let cmd: Command | undefined;
  let args = rest;
  for (const c of commands) {
    const words = c.name.split(' ');
    if (
      words.every((w, i) => argv[i] === w) &&
      (cmd === undefined || words.length > cmd.name.split(' ').length)
    ) {
      cmd = c;
      args = argv.slice(words.length);
    }
  }
  if (cmd === undefined) {
    console.error(`k8ts: unknown command "${name}"\n\n${overview()}`);
    return 1;
  }
  let parsed;
  try {
    parsed = parseFlags(cmd, args);
  } catch (err) {
    console.error(`k8ts ${cmd.name}: ${(err as Error).message}\n\n${commandHelp(cmd)}`);
    return 1;
  }
  if (parsed.help) {
    console.log(commandHelp(cmd));
    return 0;
  }
  return cmd.run(parsed.flags, parsed.positionals);
}
