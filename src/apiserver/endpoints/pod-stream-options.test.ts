import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../machinery/errors/index.js';
import { decodePodStreamOptions, kubeletStreamQuery, podStreamOptionsObject } from './pod-stream-options.js';

const query = (q: string) => new URLSearchParams(q);

test("kubectl's exec query becomes the kubelet's input/output/error/tty=1 with every command word", () => {
  const opts = decodePodStreamOptions(
    'exec',
    query('command=sh&command=-c&command=exit+3&container=nginx&stderr=true&stdin=true&stdout=true&tty=true'),
  );
  assert.deepEqual(opts.command, ['sh', '-c', 'exit 3']);
  assert.equal(opts.container, 'nginx');
  assert.equal(
    kubeletStreamQuery(opts).toString(),
    'command=sh&command=-c&command=exit+3&error=1&input=1&output=1&tty=1',
  );
});

test('client-node sends every flag explicitly; false ones are left out', () => {
  const opts = decodePodStreamOptions(
    'attach',
    query('stdin=false&stdout=true&stderr=0&tty=false&container=c'),
  );
  assert.equal(kubeletStreamQuery(opts).toString(), 'output=1');
  assert.deepEqual(podStreamOptionsObject(opts), {
    kind: 'PodAttachOptions',
    apiVersion: 'v1',
    stdout: true,
    container: 'c',
  });
});

test('portforward ports, one parameter or a comma list, become the kubelet port parameter', () => {
  const opts = decodePodStreamOptions('portforward', query('ports=80&ports=8080,9090'));
  assert.deepEqual(opts.ports, [80, 8080, 9090]);
  assert.equal(kubeletStreamQuery(opts).toString(), 'port=80%2C8080%2C9090');
  assert.deepEqual(podStreamOptionsObject(opts), {
    kind: 'PodPortForwardOptions',
    apiVersion: 'v1',
    ports: [80, 8080, 9090],
  });
  assert.equal(kubeletStreamQuery(decodePodStreamOptions('portforward', query(''))).toString(), '');
});

test('a port that does not convert is a 400 with the codec error', () => {
  for (const [ports, why] of [
    ['http', 'invalid syntax'],
    ['70000', 'value out of range'],
  ] as const) {
    try {
      decodePodStreamOptions('portforward', query(`ports=${ports}`));
      assert.fail('expected a 400');
    } catch (err) {
      assert.ok(isStatusError(err, 'BadRequest'));
      assert.equal(err.message, `cannot convert to []int32: strconv.ParseUint: parsing "${ports}": ${why}`);
    }
  }
});

test('the exec options object admission sees', () => {
  const opts = decodePodStreamOptions('exec', query('command=ls&stdout=1'));
  assert.deepEqual(podStreamOptionsObject(opts), {
    kind: 'PodExecOptions',
    apiVersion: 'v1',
    stdout: true,
    command: ['ls'],
  });
});
