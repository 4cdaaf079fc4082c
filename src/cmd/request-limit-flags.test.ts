import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestLimitOptions } from './request-limit-flags.js';

test('request limit flags: upstream defaults, explicit values, and upstream-style errors', () => {
  assert.deepEqual(requestLimitOptions({}), {
    priorityAndFairness: true,
    maxRequestsInflight: 400,
    maxMutatingRequestsInflight: 200,
  });
  assert.deepEqual(
    requestLimitOptions({
      'enable-priority-and-fairness': 'false',
      'max-requests-inflight': '10',
      'max-mutating-requests-inflight': '0',
    }),
    { priorityAndFairness: false, maxRequestsInflight: 10, maxMutatingRequestsInflight: 0 },
  );
  assert.throws(() => requestLimitOptions({ 'max-requests-inflight': 'many' }), {
    message:
      'invalid argument "many" for "--max-requests-inflight" flag: strconv.ParseInt: parsing "many": invalid syntax',
  });
  assert.throws(() => requestLimitOptions({ 'max-mutating-requests-inflight': '-1' }), {
    message: '--max-mutating-requests-inflight can not be negative value',
  });
  assert.throws(() => requestLimitOptions({ 'enable-priority-and-fairness': 'maybe' }), {
    message:
      'invalid argument "maybe" for "--enable-priority-and-fairness" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
  });
});
