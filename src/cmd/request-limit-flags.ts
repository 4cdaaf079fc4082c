// The apiserver's request-limiting flags (API Priority and Fairness and the in-flight caps) and
// their translation into ApiServerOptions.

import type { ApiServerOptions } from '../apiserver/api-server.js';
import { parseGoBool } from '../base/go-bool.js';
import type { FlagSpec, FlagValues } from './command.js';

/** The flags, as upstream's kube-apiserver names them. */
export const requestLimitFlags: Readonly<Record<string, FlagSpec>> = {
  'enable-priority-and-fairness': {
    type: 'string',
    placeholder: 'BOOL',
    default: 'true',
    description:
      'limit and queue requests by FlowSchemas and priority levels (false: refuse beyond the in-flight caps)',
  },
  'max-requests-inflight': {
    type: 'string',
    placeholder: 'N',
    default: '400',
    description: 'read-only requests served at once; with priority and fairness, part of the total seats',
  },
  'max-mutating-requests-inflight': {
    type: 'string',
    placeholder: 'N',
    default: '200',
    description: 'mutating requests served at once; with priority and fairness, part of the total seats',
  },
};

type LimitOptions = Pick<
  ApiServerOptions,
  'priorityAndFairness' | 'maxRequestsInflight' | 'maxMutatingRequestsInflight'
>;

/** The flags as ApiServerOptions; throws upstream-style flag errors for bad values. */
export function requestLimitOptions(flags: FlagValues): LimitOptions {
  // Upstream's flag errors: pflag's for text that does not parse, kube-apiserver's for negatives.
  const count = (name: string, fallback: number) => {
    const text = flags[name];
    if (typeof text !== 'string') return fallback;
    const n = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n))
      throw new Error(
        `invalid argument "${text}" for "--${name}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
      );
    if (n < 0) throw new Error(`--${name} can not be negative value`);
    return n;
  };
  const apf = flags['enable-priority-and-fairness'];
  let priorityAndFairness = true;
  if (typeof apf === 'string') {
    const parsed = parseGoBool(apf);
    if (parsed === undefined)
      throw new Error(
        `invalid argument "${apf}" for "--enable-priority-and-fairness" flag: strconv.ParseBool: parsing ${JSON.stringify(apf)}: invalid syntax`,
      );
    priorityAndFairness = parsed;
  }
  const readOnly = count('max-requests-inflight', 400);
  const mutating = count('max-mutating-requests-inflight', 200);
  if (priorityAndFairness && readOnly + mutating === 0)
    throw new Error(
      '--max-requests-inflight plus --max-mutating-requests-inflight must be positive with priority and fairness',
    );
  return { priorityAndFairness, maxRequestsInflight: readOnly, maxMutatingRequestsInflight: mutating };
}
