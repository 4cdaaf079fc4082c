// /healthz on the kubelet API, as upstream's healthz.InstallHandler with the kubelet's checks:
// ping, log and syncloop (the sync loop ran within twice the resync period, at least 5 min).
// "ok" when all pass; ?verbose lists each; /healthz/<check> runs one; a failure answers 500.
import type { ServerResponse } from 'node:http';
import type { KubeletRouter } from './kubelet-router.js';
import { sendText } from './plain-response.js';

/** One named check: undefined when healthy, else why not. */
export interface HealthCheck {
  readonly name: string;
  check(): string | undefined;
}

/** The kubelet's checks: ping, log, and syncloop over `lastSyncLoopAt`. */
export function kubeletHealthChecks(o: {
  lastSyncLoopAt?: () => number | undefined;
  resyncMs: number;
  now: () => number;
}): HealthCheck[] {
  const limit = Math.max(2 * o.resyncMs, 5 * 60_000);
  return [
    { name: 'ping', check: () => undefined },
    { name: 'log', check: () => undefined },
    {
      name: 'syncloop',
      check: () => {
        const at = o.lastSyncLoopAt?.();
        return at !== undefined && o.now() - at > limit ? 'sync Loop took longer than expected' : undefined;
      },
    },
  ];
}

function answer(res: ServerResponse, checks: readonly HealthCheck[], verbose: boolean): void {
  let failed = false;
  let text = '';
  for (const c of checks) {
    const problem = c.check();
    if (problem === undefined) text += `[+]${c.name} ok\n`;
    else {
      failed = true;
      // Upstream withholds the reason from the response (it goes to the log).
      text += `[-]${c.name} failed: reason withheld\n`;
    }
  }
  if (failed) return sendText(res, 500, `${text}healthz check failed\n`);
  sendText(res, 200, verbose ? `${text}healthz check passed\n` : 'ok');
}

/** Adds /healthz and /healthz/<check>. */
export function installHealthzRoutes(router: KubeletRouter, checks: readonly HealthCheck[]): void {
  router.add(['GET', 'HEAD'], '/healthz', {
    http: (_req, res, ctx) => answer(res, checks, ctx.query.has('verbose')),
  });
  router.add(['GET', 'HEAD'], '/healthz/{check}', {
    http: (_req, res, ctx) => {
      const c = checks.find((x) => x.name === ctx.params['check']);
      if (c === undefined) return sendText(res, 404, '404 page not found\n');
      const problem = c.check();
      if (problem !== undefined) return sendText(res, 500, `internal server error: ${problem}\n`);
      sendText(res, 200, 'ok');
    },
  });
}
