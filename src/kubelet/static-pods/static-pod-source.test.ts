// StaticPodSource over a temp manifest directory: the first read, skipped and invalid files, the
// first-seen annotation, change detection by the periodic pass and by the directory watch.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock, systemClock } from '../../base/clock.js';
import { eventually } from '../../client/testing/eventually.js';
import { rfc3339Nano, StaticPodSource } from './static-pod-source.js';

let dir: string;
let source: StaticPodSource | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-static-pods-'));
});
afterEach(async () => {
  source?.stop();
  source = undefined;
  await rm(dir, { recursive: true, force: true });
});

const manifest = (name: string, image = 'toolbox:1') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: "${image}"}]}\n`;
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata?.name);

describe('StaticPodSource', () => {
  it('reads sorted manifests, skips hidden files and directories, reports invalid ones', async () => {
    await writeFile(path.join(dir, 'b.yaml'), manifest('bravo'));
    await writeFile(
      path.join(dir, 'a.json'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'alpha' },
        spec: { containers: [{ name: 'c', image: 'x' }] },
      }),
    );
    await writeFile(path.join(dir, '.swp'), manifest('hidden'));
    await writeFile(path.join(dir, 'broken.yaml'), 'kind: Pod\napiVersion: v1\nmetadata: {name: broken}\n');
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'c.yaml'), manifest('nested'));
    const seen: (readonly Pod[])[] = [];
    const invalid: string[] = [];
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00.120Z'));
    source = new StaticPodSource({
      path: dir,
      nodeName: 'n1',
      onPods: (p) => seen.push(p),
      onInvalid: (f) => invalid.push(path.basename(f)),
      clock,
    });
    await source.start();
    assert.equal(source.synced, true);
    assert.deepEqual(seen.map(names), [['alpha-n1', 'bravo-n1']]);
    assert.deepEqual(invalid, ['broken.yaml']);
    assert.equal(
      seen[0]?.[0]?.metadata?.annotations?.['kubernetes.io/config.seen'],
      '2026-01-01T00:00:00.12Z',
    );
  });

  it('reports a changed set after the periodic pass, keeping first-seen times', async () => {
    await writeFile(path.join(dir, 'a.yaml'), manifest('alpha'));
    const seen: (readonly Pod[])[] = [];
    const clock = new FakeClock();
    source = new StaticPodSource({
      path: dir,
      nodeName: 'n1',
      onPods: (p) => seen.push(p),
      clock,
      checkIntervalMs: 20_000,
    });
    await source.start();
    const firstSeen = seen[0]?.[0]?.metadata?.annotations?.['kubernetes.io/config.seen'];
    await clock.advance(20_000);
    await source.refresh();
    assert.equal(seen.length, 1, 'nothing changed, nothing reported');
    await clock.advance(5000);
    await writeFile(path.join(dir, 'b.yaml'), manifest('bravo'));
    await clock.advance(15_000);
    await eventually(() => assert.equal(seen.length, 2));
    assert.deepEqual(names(seen[1]!), ['alpha-n1', 'bravo-n1']);
    assert.equal(seen[1]?.[0]?.metadata?.annotations?.['kubernetes.io/config.seen'], firstSeen);
    assert.notEqual(seen[1]?.[1]?.metadata?.annotations?.['kubernetes.io/config.seen'], firstSeen);
  });

  it('notices edits and removals through the directory watch', async () => {
    await writeFile(path.join(dir, 'a.yaml'), manifest('alpha'));
    const seen: (readonly Pod[])[] = [];
    source = new StaticPodSource({
      path: dir,
      nodeName: 'n1',
      onPods: (p) => seen.push(p),
      clock: systemClock,
      checkIntervalMs: 3_600_000,
    });
    await source.start();
    const uid = seen[0]?.[0]?.metadata?.uid;
    await writeFile(path.join(dir, 'a.yaml'), manifest('alpha', 'toolbox:2'));
    await eventually(() => assert.equal(seen.length, 2));
    assert.notEqual(seen[1]?.[0]?.metadata?.uid, uid, 'an edited manifest is a new pod');
    await unlink(path.join(dir, 'a.yaml'));
    await eventually(() => assert.equal(seen.length, 3));
    assert.deepEqual(seen[2], []);
  });

  it('treats a missing path as no pods and accepts a single file', async () => {
    const seen: (readonly Pod[])[] = [];
    source = new StaticPodSource({
      path: path.join(dir, 'absent'),
      nodeName: 'n1',
      onPods: (p) => seen.push(p),
      clock: new FakeClock(),
    });
    await source.start();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.length, 0);
    source.stop();
    await writeFile(path.join(dir, 'one.yaml'), manifest('solo'));
    source = new StaticPodSource({
      path: path.join(dir, 'one.yaml'),
      nodeName: 'n1',
      onPods: (p) => seen.push(p),
      clock: new FakeClock(),
    });
    await source.start();
    assert.deepEqual(names(seen[1]!), ['solo-n1']);
    assert.equal(rfc3339Nano(Date.parse('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00Z');
  });
});
