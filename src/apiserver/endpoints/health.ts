import type { ServerResponse } from 'node:http';
import { writeText } from '../http/write-response.js';

/** One named health check; resolves to an error message when unhealthy, undefined when fine. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<string | undefined>;
}

/**
 * Answers /healthz, /livez and /readyz like upstream: `ok` or a 500 listing the failed checks;
 * `?verbose` lists every check as `[+]name ok` / `[-]name failed: reason withheld`; `?exclude=name`
 * skips checks; `/<endpoint>/<check>` runs one check.
 */
export async function serveHealth(
  res: ServerResponse,
  endpoint: 'healthz' | 'livez' | 'readyz',
  checks: readonly HealthCheck[],
  subpath: string,
  query: URLSearchParams,
): Promise<void> {
  if (subpath !== '') {
    const one = checks.find((c) => c.name === subpath);
    if (one === undefined) {
      writeText(res, 404, '404 page not found\n');
      return;
    }
    const err = await one.check().catch((e: unknown) => String(e));
    writeText(
      res,
      err === undefined ? 200 : 500,
      err === undefined ? 'ok' : `internal server error: ${err}\n`,
    );
    return;
  }
  const excluded = new Set(query.getAll('exclude'));
  const results = await Promise.all(
    checks.map(async (c) => ({
      name: c.name,
      excluded: excluded.has(c.name),
      error: excluded.has(c.name) ? undefined : await c.check().catch((e: unknown) => String(e)),
    })),
  );
  const failed = results.filter((r) => r.error !== undefined);
  const verbose = query.has('verbose');
  if (failed.length === 0 && !verbose) {
    writeText(res, 200, 'ok');
    return;
  }
  const lines = results.map((r) =>
    r.excluded
      ? `[+]${r.name} excluded: ok`
      : r.error === undefined
        ? `[+]${r.name} ok`
        : `[-]${r.name} failed: reason withheld`,
  );
  lines.push(failed.length === 0 ? `${endpoint} check passed` : `${endpoint} check failed`);
  writeText(res, failed.length === 0 ? 200 : 500, `${lines.join('\n')}\n`);
}
