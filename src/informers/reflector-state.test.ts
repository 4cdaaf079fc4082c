import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStatus, StatusError } from '../machinery/errors/index.js';
import { ResourceExpiredError } from '../client/index.js';
import {
  initialReflectorState,
  nextReflectorState,
  type ReflectorOutcome,
  type ReflectorState,
  type TransitionContext,
} from './reflector-state.js';

const expired = new ResourceExpiredError(makeStatus({ status: 'Failure', code: 410, reason: 'Expired' }));
const tooLarge = new StatusError(
  makeStatus({
    status: 'Failure',
    code: 504,
    reason: 'Timeout',
    details: { causes: [{ reason: 'ResourceVersionTooLarge' }], retryAfterSeconds: 1 },
  }),
);
const throttled = new StatusError(makeStatus({ status: 'Failure', code: 429, reason: 'TooManyRequests' }));
const internal = new StatusError(makeStatus({ status: 'Failure', code: 500, reason: 'InternalError' }));
const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const invalid = new StatusError(makeStatus({ status: 'Failure', code: 422, reason: 'Invalid' }));

const ctx = (over: Partial<TransitionContext> = {}): TransitionContext => ({
  lastSyncResourceVersion: '100',
  watchList: false,
  backoff: () => 800,
  ...over,
});

const listing = (rv: string): ReflectorState => ({ phase: 'Listing', resourceVersion: rv });
const watching = (rv: string): ReflectorState => ({ phase: 'Watching', resourceVersion: rv });
const watchListing = (rv: string): ReflectorState => ({ phase: 'WatchListing', resourceVersion: rv });
const backoff = (next: ReflectorState): ReflectorState => ({ phase: 'Backoff', delayMs: 800, next });
const watchFailed = (
  error: unknown,
  opened: boolean,
  rv = '120',
  events = 3,
  durationMs = 5000,
): ReflectorOutcome => ({
  kind: 'watchFailed',
  error,
  opened,
  resourceVersion: rv,
  events,
  durationMs,
});

const cases: [string, ReflectorState, ReflectorOutcome, TransitionContext, ReflectorState][] = [
  [
    'a list leads to a watch from its version',
    listing('0'),
    { kind: 'listed', resourceVersion: '7' },
    ctx(),
    watching('7'),
  ],
  [
    'a list at a too old version is retried at once as a consistent list',
    listing('100'),
    { kind: 'listFailed', error: expired },
    ctx(),
    listing(''),
  ],
  [
    'a list at a too new version is retried at once as a consistent list',
    listing('100'),
    { kind: 'listFailed', error: tooLarge },
    ctx(),
    listing(''),
  ],
  [
    'a failed consistent list backs off and retries',
    listing(''),
    { kind: 'listFailed', error: expired },
    ctx(),
    backoff(listing('')),
  ],
  [
    'other list failures back off and retry the same list',
    listing('0'),
    { kind: 'listFailed', error: internal },
    ctx(),
    backoff(listing('0')),
  ],
  [
    'a clean stream end resumes from the last seen version at once',
    watching('100'),
    { kind: 'watchEnded', resourceVersion: '130', events: 4, durationMs: 300_000 },
    ctx(),
    watching('130'),
  ],
  [
    'a quiet watch that ran long resumes too',
    watching('100'),
    { kind: 'watchEnded', resourceVersion: '100', events: 0, durationMs: 300_000 },
    ctx(),
    watching('100'),
  ],
  [
    'a watch closed within a second without events backs off and relists',
    watching('100'),
    { kind: 'watchEnded', resourceVersion: '100', events: 0, durationMs: 10 },
    ctx(),
    backoff(listing('100')),
  ],
  [
    '410 on a watch backs off and relists from the last synced version',
    watching('100'),
    watchFailed(expired, true),
    ctx({ lastSyncResourceVersion: '120' }),
    backoff(listing('120')),
  ],
  [
    'an unreachable server backs off and retries the watch at the same version',
    watching('100'),
    watchFailed(refused, false, '100', 0, 0),
    ctx(),
    backoff(watching('100')),
  ],
  [
    '429 when opening a watch backs off and retries it',
    watching('100'),
    watchFailed(throttled, false, '100', 0, 0),
    ctx(),
    backoff(watching('100')),
  ],
  [
    '429 during a watch backs off and resumes',
    watching('100'),
    watchFailed(throttled, true),
    ctx(),
    backoff(watching('120')),
  ],
  [
    'a connection broken mid-stream resumes like a clean end',
    watching('100'),
    watchFailed(reset, true),
    ctx(),
    watching('120'),
  ],
  [
    'other watch failures back off and relist',
    watching('100'),
    watchFailed(internal, true),
    ctx({ lastSyncResourceVersion: '120' }),
    backoff(listing('120')),
  ],
  [
    'a failure to open a watch for another reason relists',
    watching('100'),
    watchFailed(internal, false, '100', 0, 0),
    ctx(),
    backoff(listing('100')),
  ],
  [
    'relisting before any sync lists at "0"',
    watching(''),
    watchFailed(internal, true),
    ctx({ lastSyncResourceVersion: '' }),
    backoff(listing('0')),
  ],
  [
    'watch-list: the initial-events-end bookmark continues as a watch',
    watchListing(''),
    { kind: 'initialEventsEnded', resourceVersion: '9' },
    ctx({ watchList: true }),
    watching('9'),
  ],
  [
    'watch-list: a too old version retries consistently at once',
    watchListing('100'),
    watchFailed(expired, true),
    ctx({ watchList: true }),
    watchListing(''),
  ],
  [
    'watch-list: unreachable backs off',
    watchListing(''),
    watchFailed(refused, false),
    ctx({ watchList: true }),
    backoff(watchListing('')),
  ],
  [
    'watch-list: unsupported falls back to LIST',
    watchListing(''),
    watchFailed(invalid, false),
    ctx({ watchList: true, lastSyncResourceVersion: '' }),
    listing('0'),
  ],
  [
    'watch-list: a watch failure relists with watch-list',
    watching('100'),
    watchFailed(expired, true),
    ctx({ watchList: true, lastSyncResourceVersion: '120' }),
    backoff(watchListing('120')),
  ],
  [
    'backoff proceeds to its next state once waited',
    backoff(watching('5')),
    { kind: 'waited' },
    ctx(),
    watching('5'),
  ],
  ['stopping wins from a watch', watching('5'), { kind: 'stopped' }, ctx(), { phase: 'Stopped' }],
  ['stopping wins from a backoff', backoff(listing('0')), { kind: 'stopped' }, ctx(), { phase: 'Stopped' }],
];

test('a reflector starts by listing at "0", or with a consistent watch-list', () => {
  assert.deepEqual(initialReflectorState(false), listing('0'));
  assert.deepEqual(initialReflectorState(true), watchListing(''));
});

for (const [name, from, outcome, context, want] of cases) {
  test(name, () => {
    assert.deepEqual(nextReflectorState(from, outcome, context), want);
  });
}
