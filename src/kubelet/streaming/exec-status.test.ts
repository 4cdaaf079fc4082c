// The exec Status on the error stream: upstream's shapes and texts, per protocol version, and
// what a runtime's error stream decodes to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeExecStatus,
  encodeExecStatus,
  execExited,
  execInternalError,
  execSucceeded,
  exitCodeOf,
} from './exec-status.js';

test('v4+ sends the Status JSON in Go field order; v1-v3 only a failure message', () => {
  const failed = execExited(3, ['sh', '-c', 'exit 3']);
  assert.equal(
    encodeExecStatus(failed, 5).toString(),
    '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
  );
  assert.equal(encodeExecStatus(execSucceeded(), 4).toString(), '{"metadata":{},"status":"Success"}');
  assert.equal(encodeExecStatus(execSucceeded(), 3).length, 0);
  assert.equal(encodeExecStatus(failed, 1).toString(), failed.message);
  assert.deepEqual(execExited(0, ['true']), execSucceeded());
});

test('an internal error is apierrors.NewInternalError of "error executing command in container"', () => {
  assert.deepEqual(execInternalError('no such container'), {
    metadata: {},
    status: 'Failure',
    message: 'Internal error occurred: error executing command in container: no such container',
    reason: 'InternalError',
    details: { causes: [{ message: 'error executing command in container: no such container' }] },
    code: 500,
  });
});

test('decoding: v4 JSON kept (key order normalised), empty is Success, v1 text a Failure', () => {
  const fromRuntime =
    '{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"7"}]},"metadata":{}}';
  const decoded = decodeExecStatus(Buffer.from(fromRuntime), 4);
  assert.equal(exitCodeOf(decoded), 7);
  assert.equal(JSON.stringify(decoded).slice(0, 38), '{"metadata":{},"status":"Failure","rea');
  assert.deepEqual(decodeExecStatus(Buffer.alloc(0), 4), execSucceeded());
  assert.deepEqual(decodeExecStatus(Buffer.from('boom'), 2), {
    metadata: {},
    status: 'Failure',
    message: 'boom',
  });
  assert.match(decodeExecStatus(Buffer.from('boom'), 4).message ?? '', /^error stream protocol error/);
  assert.equal(exitCodeOf(execInternalError('x')), undefined);
  assert.equal(exitCodeOf(execSucceeded()), 0);
});
