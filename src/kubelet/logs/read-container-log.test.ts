import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { ContainerLogOptions } from './log-options.js';
import { parseLogTimestamp } from './log-timestamp.js';
import { readContainerLog } from './read-container-log.js';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-read-log-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cri = (second: number, stream: 'stdout' | 'stderr', tag: 'F' | 'P', msg: string) =>
  `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000${String(second).padStart(3, '0')}Z ${stream} ${tag} ${msg}\n`;

async function logFile(text: string): Promise<string> {
  const file = path.join(dir, `c${n++}`, '0.log');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** A Writable that keeps what it gets. */
function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return Object.assign(w, { text: () => Buffer.concat(chunks).toString() });
}

async function read(text: string, options: ContainerLogOptions = {}): Promise<string> {
  const out = collector();
  await readContainerLog({ path: await logFile(text), options, out });
  return out.text();
}

const sample =
  cri(1, 'stdout', 'F', 'one') +
  cri(2, 'stderr', 'F', 'two') +
  cri(3, 'stdout', 'P', 'three ') +
  cri(4, 'stdout', 'F', 'continued') +
  cri(5, 'stdout', 'F', 'five');

describe('readContainerLog', () => {
  it('prints every message of both streams, joining partial records', async () => {
    assert.equal(await read(sample), 'one\ntwo\nthree continued\nfive\n');
  });

  it('selects one stream', async () => {
    assert.equal(await read(sample, { stream: 'Stderr' }), 'two\n');
    assert.equal(await read(sample, { stream: 'Stdout' }), 'one\nthree continued\nfive\n');
  });

  it('tails whole lines', async () => {
    assert.equal(await read(sample, { tailLines: 2 }), 'three continued\nfive\n');
    assert.equal(await read(sample, { tailLines: 0 }), '');
    assert.equal(await read(sample, { tailLines: 100 }), 'one\ntwo\nthree continued\nfive\n');
  });

  it('tails a file much bigger than a read block', async () => {
    let text = '';
    for (let i = 0; i < 20_000; i++) text += cri(i % 60, 'stdout', 'F', `line ${i}`);
    assert.equal(await read(text, { tailLines: 3 }), 'line 19997\nline 19998\nline 19999\n');
    const all = await read(text);
    assert.equal(all.split('\n').length, 20_001);
  });

  it('shows an unfinished last line as it is', async () => {
    const text = cri(1, 'stdout', 'F', 'one') + cri(2, 'stdout', 'F', 'two').trimEnd();
    assert.equal(await read(text), 'one\ntwo');
  });

  it('filters by time', async () => {
    const since = parseLogTimestamp('2026-01-01T00:00:03.000000003Z')!;
    assert.equal(await read(sample, { since }), 'three continued\nfive\n');
    const later = parseLogTimestamp('2026-01-01T00:00:03.000000004Z')!;
    assert.equal(await read(sample, { since: later }), 'continued\nfive\n');
    // tail first, then since, as upstream
    assert.equal(
      await read(sample, { tailLines: 3, since: parseLogTimestamp('2026-01-01T00:00:05Z')! }),
      'five\n',
    );
  });

  it('prefixes each record with its timestamp', async () => {
    assert.equal(
      await read(cri(1, 'stdout', 'F', 'one') + cri(2, 'stderr', 'F', 'two'), { timestamps: true }),
      '2026-01-01T00:00:01.000000001Z one\n2026-01-01T00:00:02.000000002Z two\n',
    );
  });

  it('stops after limitBytes, cutting the last line', async () => {
    assert.equal(await read(sample, { limitBytes: 6 }), 'one\ntw');
    assert.equal(await read(sample, { limitBytes: 4 }), 'one\n');
    assert.equal(
      await read(sample, { limitBytes: 34, timestamps: true }),
      '2026-01-01T00:00:01.000000001Z one',
    );
  });

  it('reads docker json-file logs', async () => {
    const text =
      '{"log":"hello\\n","stream":"stdout","time":"2016-10-20T18:39:20.57606443Z"}\n' +
      '{"log":"oops\\n","stream":"stderr","time":"2016-10-20T18:39:21Z"}\n';
    assert.equal(await read(text), 'hello\noops\n');
    assert.equal(
      await read(text, { timestamps: true, tailLines: 1 }),
      '2016-10-20T18:39:21.000000000Z oops\n',
    );
  });

  it('skips malformed lines after the first', async () => {
    assert.equal(
      await read(cri(1, 'stdout', 'F', 'one') + 'garbage\n' + cri(2, 'stdout', 'F', 'two')),
      'one\ntwo\n',
    );
  });

  it('reports what upstream reports for a missing file and an unknown format', async () => {
    const missing = path.join(dir, 'nope', '0.log');
    await assert.rejects(readContainerLog({ path: missing, options: {}, out: collector() }), {
      message: `failed to try resolving symlinks in path "${missing}": lstat ${missing}: no such file or directory`,
    });
    await assert.rejects(read('what is this\n'), {
      message: 'failed to get parse function: unsupported log format: "what is this\\n"',
    });
  });

  it('waits for a slow reader instead of buffering everything', async () => {
    let text = '';
    for (let i = 0; i < 5000; i++) text += cri(1, 'stdout', 'F', 'x'.repeat(100));
    const out = new PassThrough({ highWaterMark: 1024 });
    let done = false;
    const reading = readContainerLog({ path: await logFile(text), options: {}, out }).then(() => {
      done = true;
      out.end();
    });
    await delay(50);
    assert.equal(done, false, 'the read waits while nobody drains');
    assert.ok(out.readableLength < 200 * 1024, `buffered ${out.readableLength} bytes`);
    let received = 0;
    out.on('data', (c: Buffer) => (received += c.length));
    await reading;
    await new Promise((r) => out.once('end', r));
    assert.equal(received, 5000 * 101);
  });
});

describe('readContainerLog with follow', () => {
  it('sees appended lines within a second and ends once the container stopped', async () => {
    const file = await logFile(cri(1, 'stdout', 'F', 'first'));
    const out = collector();
    let running = true;
    const reading = readContainerLog({
      path: file,
      options: { follow: true },
      out,
      isRunning: async () => running,
    });
    await delay(100);
    assert.equal(out.text(), 'first\n');
    const appendedAt = Date.now();
    await appendFile(file, cri(2, 'stdout', 'F', 'second'));
    while (!out.text().includes('second') && Date.now() - appendedAt < 2000) await delay(10);
    assert.ok(Date.now() - appendedAt < 1000, `seen after ${Date.now() - appendedAt} ms`);
    // A line written in two pieces is shown once it is complete.
    await appendFile(file, '2026-01-01T00:00:03Z stdout F thi');
    await delay(100);
    assert.equal(out.text(), 'first\nsecond\n');
    await appendFile(file, 'rd\n');
    await appendFile(file, cri(4, 'stdout', 'F', 'last words'));
    running = false;
    await reading;
    assert.equal(out.text(), 'first\nsecond\nthird\nlast words\n');
  });

  it('follows across a rotation without losing or repeating lines', async () => {
    const file = await logFile(cri(1, 'stdout', 'F', 'a'));
    const out = collector();
    let running = true;
    const reading = readContainerLog({
      path: file,
      options: { follow: true, tailLines: 1 },
      out,
      isRunning: async () => running,
    });
    await delay(100);
    await appendFile(file, cri(2, 'stdout', 'F', 'b'));
    // The log manager renames the file; the runtime writes a last line to it before it reopens.
    await rename(file, `${file}.20260101-000000`);
    await appendFile(`${file}.20260101-000000`, cri(3, 'stdout', 'F', 'c'));
    await delay(300);
    await writeFile(file, cri(4, 'stdout', 'F', 'd'));
    await delay(300);
    await appendFile(file, cri(5, 'stdout', 'F', 'e'));
    const start = Date.now();
    while (!out.text().includes('e\n') && Date.now() - start < 2000) await delay(10);
    running = false;
    await reading;
    assert.equal(out.text(), 'a\nb\nc\nd\ne\n');
  });

  it('stops promptly when aborted', async () => {
    const file = await logFile(cri(1, 'stdout', 'F', 'a'));
    const controller = new AbortController();
    const out = collector();
    const reading = readContainerLog({
      path: file,
      options: { follow: true },
      out,
      signal: controller.signal,
      isRunning: async () => true,
      pollMs: 60_000,
    });
    await delay(50);
    const abortedAt = Date.now();
    controller.abort();
    await reading;
    assert.ok(Date.now() - abortedAt < 200);
    assert.equal(out.text(), 'a\n');
  });

  it('ends at once for a container that is not running', async () => {
    const out = collector();
    await readContainerLog({
      path: await logFile(sample),
      options: { follow: true, tailLines: 1 },
      out,
      isRunning: async () => false,
    });
    assert.equal(out.text(), 'five\n');
  });
});
