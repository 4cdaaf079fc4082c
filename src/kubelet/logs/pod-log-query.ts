// The query of a kubelet /containerLogs request: v1 PodLogOptions decoded from query parameters as
// upstream's parameter codec does (booleans are true unless absent, "false" or "0"; integers are
// Go ParseInt; sinceTime is RFC3339), checked as ValidatePodLogOptions, and turned into the
// reader's options as upstream's NewLogOptions (sinceSeconds counts back from now; the later of
// the two bounds wins).
import {
  logTimestampFromMillis,
  parseLogTimestamp,
  compareLogTimestamps,
  type LogTimestamp,
} from './log-timestamp.js';
import type { ContainerLogOptions, LogStreamSelection } from './log-options.js';

/** The PodLogOptions fields the kubelet reads. */
export interface PodLogQuery {
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly sinceSeconds?: number;
  readonly sinceTime?: LogTimestamp;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly stream?: LogStreamSelection;
}

/** A decoded query, or the status and body upstream's kubelet answers a bad one with. */
export type PodLogQueryResult =
  | { readonly ok: true; readonly query: PodLogQuery }
  | { readonly ok: false; readonly status: 400 | 422; readonly message: string };

// The kubelet's own (JSON-looking, but sent as text) bodies for undecodable and invalid queries.
const undecodable = { ok: false, status: 400, message: '{"message": "Unable to decode query."}' } as const;
const invalid = { ok: false, status: 422, message: '{"message": "Invalid request."}' } as const;

class DecodeError extends Error {}

function bool(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  if (v === null) return false;
  return !(v === '0' || v.toLowerCase() === 'false');
}

const int64Max = 2n ** 63n - 1n;

function int64(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw new DecodeError(name);
  const n = BigInt(v);
  if (n > int64Max || n < -int64Max - 1n) throw new DecodeError(name);
  return Number(n);
}

/** Decodes and validates the query of a container logs request. */
export function parsePodLogQuery(params: URLSearchParams): PodLogQueryResult {
  // Backwards compatibility: "tail" stands for tailLines, and "all" for no limit.
  const tail = params.get('tail');
  if (tail !== null && tail !== '') {
    params = new URLSearchParams(params);
    if (tail === 'all') params.delete('tailLines');
    else params.set('tailLines', tail);
  }
  let query: PodLogQuery;
  try {
    const sinceTimeText = params.get('sinceTime');
    let sinceTime: LogTimestamp | undefined;
    if (sinceTimeText !== null && sinceTimeText !== '' && sinceTimeText !== 'null') {
      sinceTime = parseLogTimestamp(sinceTimeText);
      if (sinceTime === undefined) throw new DecodeError('sinceTime');
    }
    const stream = params.get('stream');
    query = {
      follow: bool(params, 'follow'),
      previous: bool(params, 'previous'),
      timestamps: bool(params, 'timestamps'),
      sinceSeconds: int64(params, 'sinceSeconds'),
      sinceTime,
      tailLines: int64(params, 'tailLines'),
      limitBytes: int64(params, 'limitBytes'),
      stream: stream === null || stream === '' ? undefined : (stream as LogStreamSelection),
    };
  } catch (err) {
    if (err instanceof DecodeError) return undecodable;
    throw err;
  }
  if (query.tailLines !== undefined && query.tailLines < 0) return invalid;
  if (query.limitBytes !== undefined && query.limitBytes < 1) return invalid;
  if (query.sinceSeconds !== undefined && query.sinceTime !== undefined) return invalid;
  if (query.sinceSeconds !== undefined && query.sinceSeconds < 1) return invalid;
  if (query.stream !== undefined && !['All', 'Stdout', 'Stderr'].includes(query.stream)) return invalid;
  // Only all streams can be tailed (a tail of one stream would need to skip the other's lines).
  if (query.stream !== undefined && query.stream !== 'All' && query.tailLines !== undefined) return invalid;
  return { ok: true, query };
}

/** The reader's options for `query` at `nowMs`. */
export function containerLogOptions(query: PodLogQuery, nowMs: number): ContainerLogOptions {
  let since: LogTimestamp | undefined;
  if (query.sinceSeconds !== undefined) since = logTimestampFromMillis(nowMs - query.sinceSeconds * 1000);
  if (
    query.sinceTime !== undefined &&
    (since === undefined || compareLogTimestamps(query.sinceTime, since) > 0)
  )
    since = query.sinceTime;
  return {
    follow: query.follow,
    timestamps: query.timestamps,
    ...(query.tailLines !== undefined ? { tailLines: query.tailLines } : {}),
    ...(query.limitBytes !== undefined ? { limitBytes: query.limitBytes } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(query.stream !== undefined ? { stream: query.stream } : {}),
  };
}
