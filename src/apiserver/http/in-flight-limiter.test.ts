import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiRequest } from './api-request.js';
import { InFlightLimiter } from './in-flight-limiter.js';

/** A request of `verb` whose response records what was written. */
function request(verb: string, longRunning = false) {
  const written: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res = {
    headersSent: false,
    destroyed: false,
    setHeader: (k: string, v: string) => (written.headers[k.toLowerCase()] = v),
    writeHead: (status: number, headers: Record<string, string>) => {
      written.status = status;
      for (const [k, v] of Object.entries(headers)) written.headers[k.toLowerCase()] = v;
    },
    end: (body: string) => (written.body = body),
  };
  return { areq: { info: { verb }, res, longRunning } as unknown as ApiRequest, written };
}

test('the in-flight limiter refuses beyond its caps at once with 429 and Retry-After 1', async () => {
  const limiter = new InFlightLimiter({ readOnly: 1, mutating: 1 });
  const first = await limiter.admit(request('get').areq);
  assert.equal(first.admitted, true);
  const refused = request('list');
  assert.deepEqual(await limiter.admit(refused.areq), { admitted: false });
  assert.equal(refused.written.status, 429);
  assert.equal(refused.written.headers['retry-after'], '1');
  assert.equal(refused.written.body, 'Too many requests, please try again later.\n');
  // Mutating requests have their own cap; watches and other long-running requests are not counted.
  assert.equal((await limiter.admit(request('create').areq)).admitted, true);
  assert.equal((await limiter.admit(request('watch', true).areq)).admitted, true);
  if (first.admitted) first.finish();
  assert.equal((await limiter.admit(request('get').areq)).admitted, true);
});

test('a cap of 0 leaves that kind unlimited', async () => {
  const limiter = new InFlightLimiter({ readOnly: 0, mutating: 1 });
  for (let i = 0; i < 50; i++) assert.equal((await limiter.admit(request('get').areq)).admitted, true);
});
