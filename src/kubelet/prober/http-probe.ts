import type { Clock } from '../../base/clock.js';
import { HttpGetError, httpGet } from './http-get.js';
import type { HttpGetRequest } from './http-get-request.js';
import { outcome, probeError, type ProbeOutcome } from './probe-outcome.js';

/**
 * One httpGet probe (upstream's DoHTTPProbe): 200–299 succeed with the body as output, 300–399
 * (a redirect that was not followed) succeed with a warning, anything else fails with
 * "HTTP probe failed with statuscode: N" (never the body, which may hold secrets); no answer within
 * the timeout, or a refused connection, is a failure quoting Go's error.
 */
export async function runHttpProbe(
  request: HttpGetRequest,
  timeoutSeconds: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  let res;
  try {
    res = await httpGet(request, { clock, timeoutMs: timeoutSeconds * 1000, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (err instanceof HttpGetError) return outcome('failure', err.message);
    throw err;
  }
  if (res.bodyError !== undefined) return probeError(new Error(res.bodyError), 'failure');
  if (res.statusCode >= 200 && res.statusCode < 400) {
    if (res.statusCode >= 300)
      return outcome('warning', `Probe terminated redirects, Response body: ${res.body}`);
    return outcome('success', res.body);
  }
  return outcome('failure', `HTTP probe failed with statuscode: ${res.statusCode}`);
}
