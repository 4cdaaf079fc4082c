/**
 * `kubectl logs` against a real node (root only): the log of a running pod, `-f` seeing new lines
 * within a second, `--previous` after a crash, `--tail`, `--since`, `--since-time`, `--timestamps`,
 * `--limit-bytes`, `-c`, `--all-containers`, and `-l` with `--prefix`; and the errors kubectl
 * prints for a container that is not there or has not started.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKubectl } from '../support/kubectl.js';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

// Prints "line 1", "line 2", ... one every 200 ms, from a second container "side" "side 1", ...
const counterPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'counter', labels: { app: 'counter' } },
  spec: {
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'main',
        image: testImages.toolbox1,
        command: ['sh', '-c', 'i=1; while true; do echo "line $i"; i=$((i+1)); sleep 0.2; done'],
      },
      {
        name: 'side',
        image: testImages.toolbox1,
        command: ['sh', '-c', 'echo "side 1"; sleep 0.2; echo "side 2" >&2; exec sleep 3600'],
      },
    ],
  },
};

// Counts its runs in an emptyDir: run 1 crashes after printing, run 2 stays up.
const crasherPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'crasher' },
  spec: {
    terminationGracePeriodSeconds: 1,
    volumes: [{ name: 'state', emptyDir: {} }],
    containers: [
      {
        name: 'main',
        image: testImages.toolbox1,
        volumeMounts: [{ name: 'state', mountPath: '/state' }],
        command: [
          'sh',
          '-c',
          'n=$(cat /state/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /state/n; echo "run $n"; [ $n -ge 2 ] && exec sleep 3600; exit 1',
        ],
      },
    ],
  },
};

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

test(
  'kubectl logs of a running pod: whole log, -c, --tail, --since, --timestamps, --limit-bytes',
  { skip, timeout: 90_000 },
  async () => {
    const k = node().kubectl;
    await k(['apply', '-f', '-'], JSON.stringify(counterPod));
    await k(['wait', '--for=condition=Ready', 'pod/counter', '--timeout=40s']);
    const all = await eventually(
      async () => {
        const out = lines(await k(['logs', 'counter', '-c', 'main']));
        return out.length >= 5 ? out : undefined;
      },
      10_000,
      'five lines',
    );
    assert.deepEqual(all.slice(0, 5), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);

    // Without -c kubectl picks the first container (and says so on stderr).
    const first = await node().kubectlRaw(['logs', 'counter']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^line 1\n/);

    const tail = lines(await k(['logs', 'counter', '-c', 'main', '--tail=2']));
    assert.equal(tail.length, 2);
    const [a, b] = tail.map((l) => Number(l.replace('line ', '')));
    assert.equal(b, a! + 1, tail.join('|'));

    const since = lines(await k(['logs', 'counter', '-c', 'main', '--since=1h']));
    assert.equal(since[0], 'line 1');
    // Lines written in the last second only: the first of them is well past line 1.
    await new Promise((r) => setTimeout(r, 1500));
    const recent = lines(await k(['logs', 'counter', '-c', 'main', '--since=1s']));
    assert.ok(recent.length > 0 && recent.length <= 8, recent.join('|'));
    assert.notEqual(recent[0], 'line 1');

    const stamped = lines(await k(['logs', 'counter', '-c', 'main', '--timestamps', '--tail=3']));
    assert.equal(stamped.length, 3);
    for (const l of stamped) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line \d+$/);
    const firstStamp = stamped[0]!.split(' ')[0]!;
    // sinceTime travels with whole seconds (metav1.Time): the log from the start of that second.
    const sinceTime = lines(await k(['logs', 'counter', '-c', 'main', `--since-time=${firstStamp}`]));
    assert.ok(sinceTime.includes(stamped[0]!.slice(firstStamp.length + 1)), sinceTime.join('|'));
    assert.ok(!sinceTime.includes('line 1'), sinceTime.join('|'));

    assert.equal(await k(['logs', 'counter', '-c', 'main', '--limit-bytes=9']), 'line 1\nli');

    // Both streams of the second container; every container with --all-containers --prefix.
    assert.deepEqual(lines(await k(['logs', 'counter', '-c', 'side'])).sort(), ['side 1', 'side 2']);
    const prefixed = lines(await k(['logs', 'counter', '--all-containers', '--prefix', '--tail=1']));
    assert.deepEqual(
      prefixed.map((l) => l.replace(/line \d+$/, 'line N')).sort(),
      ['[pod/counter/main] line N', '[pod/counter/side] side 2'].sort(),
    );
    const bySelector = lines(await k(['logs', '-l', 'app=counter', '-c', 'side', '--prefix']));
    assert.deepEqual(bySelector.sort(), ['[pod/counter/side] side 1', '[pod/counter/side] side 2']);

    const missing = await node().kubectlRaw(['logs', 'counter', '-c', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /container nope is not valid for pod counter/);
  },
);

test(
  'kubectl logs -f streams new lines as they are written and ends when the pod goes',
  { skip, timeout: 60_000 },
  async () => {
    const follow = startKubectl(['logs', '-f', 'counter', '-c', 'main', '--tail=1'], {
      kubeconfig: node().server.kubeconfig,
    });
    try {
      const firstSeen = await follow.waitForStdout(/line (\d+)\n/, 10_000);
      const start = Number(/line (\d+)/.exec(firstSeen)![1]);
      const t0 = Date.now();
      // Each new line must arrive within a second of being written (one every 200 ms).
      await follow.waitForStdout((out) => out.includes(`line ${start + 3}\n`), 2_000);
      assert.ok(Date.now() - t0 < 2_000);
      await node().kubectl(['delete', 'pod', 'counter', '--wait=false']);
      const done = await Promise.race([
        follow.done,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000)),
      ]);
      assert.ok(done !== undefined, 'logs -f ends once the container has stopped');
    } finally {
      await follow.stop();
    }
  },
);

test(
  'kubectl logs --previous shows the crashed run; a pod that has not started is refused',
  { skip, timeout: 90_000 },
  async () => {
    const k = node().kubectl;
    await k(['apply', '-f', '-'], JSON.stringify(crasherPod));
    await eventually(
      async () => {
        const status = JSON.parse(
          await k(['get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0]}']),
        ) as {
          restartCount: number;
          state: { running?: unknown };
        };
        return status.restartCount === 1 && status.state.running !== undefined ? true : undefined;
      },
      60_000,
      'the second run of crasher',
    );
    assert.equal(await k(['logs', 'crasher', '--previous']), 'run 1\n');
    assert.equal(await k(['logs', 'crasher']), 'run 2\n');

    const noPrevious = await node().kubectlRaw(['logs', 'counter-none', '--previous']);
    assert.notEqual(noPrevious.code, 0);
    assert.match(noPrevious.stderr, /pods "counter-none" not found/);

    // A container waiting for its image (a tag the registry does not have) has no log yet.
    await k(['run', 'waiting', '--image=127.0.0.1:5000/toolbox:missing']);
    const waiting = await eventually(
      async () => {
        const r = await node().kubectlRaw(['logs', 'waiting']);
        return /is waiting to start/.test(r.stderr) ? r : undefined;
      },
      20_000,
      'the waiting-to-start error',
    );
    assert.notEqual(waiting.code, 0);
    assert.match(
      waiting.stderr,
      /container "waiting" in pod "waiting" is waiting to start: (ContainerCreating|ErrImagePull|ImagePullBackOff)/,
    );
    await k(['delete', 'pod', 'crasher', 'waiting', '--wait=false']);
  },
);
