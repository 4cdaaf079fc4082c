import type { Command, FlagSpec } from './command.js';

/** A subcommand whose issue has not landed: its help works, running it says so and exits 2. */
export function pendingCommand(
  name: string,
  summary: string,
  landsWith: string,
  flags: Readonly<Record<string, FlagSpec>> = {},
): Command {
  return {
    name,
    summary,
    flags,
    async run() {
      console.error(`k8ts ${name}: not available yet — it lands with ${landsWith}.`);
      return 2;
    },
  };
}
