import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExecProbe } from './exec-probe.js';
import { execError, execOutput, FakeContainerExec } from './fake-container-exec.js';

test('exec probe: exit 0 succeeds, other exits fail, with stdout then stderr as output', async () => {
  const exec = new FakeContainerExec(() => execOutput(0, 'out ', 'err'));
  assert.deepEqual(await runExecProbe(exec, 'containerd://abc', ['cat', '/ok'], 3), {
    verdict: 'success',
    output: 'out err',
  });
  assert.deepEqual(exec.calls[0], {
    call: { containerId: 'abc', cmd: ['cat', '/ok'], timeout: 3 },
    options: { timeoutMs: 123_000 },
  });
  exec.answer = () => execOutput(2, '', 'missing');
  assert.deepEqual(await runExecProbe(exec, 'abc', ['cat'], 1), { verdict: 'failure', output: 'missing' });
});

test('exec probe: output is capped at 10 KiB', async () => {
  const exec = new FakeContainerExec(() => execOutput(1, 'a'.repeat(8 * 1024), 'b'.repeat(8 * 1024)));
  const result = await runExecProbe(exec, 'abc', ['x'], 1);
  assert.equal(result.output.length, 10 * 1024);
  assert.ok(result.output.endsWith('b'));
});

test('exec probe: a timeout fails with upstream’s message; other runtime errors are errors', async () => {
  const exec = new FakeContainerExec(() => execError('DeadlineExceeded', 'timeout 1s exceeded'));
  assert.deepEqual(await runExecProbe(exec, 'abc', ['sh', '-c', 'sleep 5'], 1), {
    verdict: 'failure',
    output: 'command "sh -c sleep 5" timed out',
  });
  exec.answer = () => execError('NotFound', 'container not found');
  const result = await runExecProbe(exec, 'abc', ['true'], 1);
  assert.equal(result.verdict, 'unknown');
  assert.equal(result.error?.message, 'container not found');
});
