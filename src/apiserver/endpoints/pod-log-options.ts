// PodLogOptions of a pods/log request: decoded from the query as upstream's parameter codec does,
// validated as ValidatePodLogOptions, and turned into the kubelet's /containerLogs query as
// upstream's LogLocation builds it.

import { fieldForbidden, fieldInvalid, invalid, type FieldError } from '../../machinery/errors/index.js';
import { queryBool, queryInt64, queryString, queryTime } from './query-values.js';

/** The options of one log request (v1 PodLogOptions). */
export interface PodLogOptions {
  readonly container: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly sinceSeconds?: number;
  readonly sinceTime?: Date;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly insecureSkipTLSVerifyBackend: boolean;
}

/** Decodes the query; a value that does not convert is a 400 with Go's conversion error. */
export function decodePodLogOptions(query: URLSearchParams): PodLogOptions {
  const sinceSeconds = queryInt64(query, 'sinceSeconds');
  const sinceTime = queryTime(query, 'sinceTime');
  const tailLines = queryInt64(query, 'tailLines');
  const limitBytes = queryInt64(query, 'limitBytes');
  return {
    container: queryString(query, 'container'),
    follow: queryBool(query, 'follow'),
    previous: queryBool(query, 'previous'),
    timestamps: queryBool(query, 'timestamps'),
    insecureSkipTLSVerifyBackend: queryBool(query, 'insecureSkipTLSVerifyBackend'),
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/**
 * Upstream's ValidatePodLogOptions; a 422 `PodLogOptions "<pod>" is invalid: ...` when any check
 * fails (negative tailLines, limitBytes or sinceSeconds below 1, both sinceSeconds and sinceTime).
 */
export function validatePodLogOptions(podName: string, opts: PodLogOptions): void {
  const errs: FieldError[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0) {
    errs.push(fieldInvalid('tailLines', opts.tailLines, 'must be greater than or equal to 0'));
  }
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) {
    errs.push(fieldInvalid('limitBytes', opts.limitBytes, 'must be greater than 0'));
  }
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) {
    errs.push(fieldForbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    errs.push(fieldInvalid('sinceSeconds', opts.sinceSeconds, 'must be greater than 0'));
  }
  if (errs.length > 0) throw invalid({ group: '', kind: 'PodLogOptions' }, podName, errs);
}

/** A time as Go's time.RFC3339 formats it: whole seconds, UTC as Z. */
function rfc3339Seconds(t: Date): string {
  return t.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * The kubelet's /containerLogs query for the options: only those set, booleans as "true", sorted
 * by name as Go's url.Values.Encode writes them.
 */
export function kubeletLogQuery(opts: PodLogOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (opts.follow) params.append('follow', 'true');
  if (opts.previous) params.append('previous', 'true');
  if (opts.timestamps) params.append('timestamps', 'true');
  if (opts.sinceSeconds !== undefined) params.append('sinceSeconds', String(opts.sinceSeconds));
  if (opts.sinceTime !== undefined) params.append('sinceTime', rfc3339Seconds(opts.sinceTime));
  if (opts.tailLines !== undefined) params.append('tailLines', String(opts.tailLines));
  if (opts.limitBytes !== undefined) params.append('limitBytes', String(opts.limitBytes));
  params.sort();
  return params;
}
