import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerLogRotationFlags, parseContainerLogMaxSize } from './log-rotation-flags.js';

test('--container-log-max-size takes whole-byte quantities', () => {
  assert.equal(parseContainerLogMaxSize('10Mi'), 10 * 1024 * 1024);
  assert.equal(parseContainerLogMaxSize('1k'), 1000);
  assert.equal(parseContainerLogMaxSize('4096'), 4096);
  assert.equal(parseContainerLogMaxSize('-1'), -1);
  assert.throws(
    () => parseContainerLogMaxSize('ten'),
    /failed to parse container log max size "ten": quantities must match/,
  );
  assert.throws(
    () => parseContainerLogMaxSize('1.5'),
    /failed to parse container log max size "1.5": invalid max log size/,
  );
});

test('--container-log-max-files must be at least 2', () => {
  assert.deepEqual(containerLogRotationFlags('1Mi', '3'), { maxSizeBytes: 1024 * 1024, maxFiles: 3 });
  assert.deepEqual(containerLogRotationFlags(undefined, undefined), {});
  assert.throws(
    () => containerLogRotationFlags(undefined, '1'),
    /containerLogMaxFiles \(--container-log-max-files\) 1 must be equal to or greater than 2/,
  );
  assert.throws(() => containerLogRotationFlags(undefined, 'five'), /invalid argument "five"/);
});
