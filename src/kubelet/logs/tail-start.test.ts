import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findTailStart } from './tail-start.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-tail-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (i: number, tag = 'F') =>
  `2026-01-01T00:00:00.${String(i).padStart(9, '0')}Z stdout ${tag} line ${i}\n`;

/** The text from where a tail of `n` lines starts, for several block sizes (one tiny, so lines straddle blocks). */
async function tailOf(text: string, n: number): Promise<string> {
  const file = path.join(dir, 'log');
  await writeFile(file, text);
  const handle = await open(file, 'r');
  try {
    const results = new Set<string>();
    for (const block of [7, 64, 1000, 64 * 1024]) {
      const start = await findTailStart(handle, Buffer.byteLength(text), n, block);
      results.add(Buffer.from(text).subarray(start).toString());
    }
    assert.equal(results.size, 1, `block sizes disagree: ${[...results].join(' | ')}`);
    return [...results][0]!;
  } finally {
    await handle.close();
  }
}

describe('findTailStart', () => {
  it('finds the last N lines of a file many blocks long', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => line(i));
    const text = lines.join('');
    assert.equal(await tailOf(text, 3), lines.slice(-3).join(''));
    assert.equal(await tailOf(text, 1), lines.slice(-1).join(''));
    assert.equal(await tailOf(text, 4999), lines.slice(1).join(''));
  });

  it('returns the whole file when it has fewer lines than asked', async () => {
    const text = line(1) + line(2);
    assert.equal(await tailOf(text, 2), text);
    assert.equal(await tailOf(text, 10), text);
    assert.equal(await tailOf('', 10), '');
  });

  it('with 0 lines starts at the end of the last complete line', async () => {
    assert.equal(await tailOf(line(1) + line(2), 0), '');
    assert.equal(await tailOf(line(1) + 'unfinished', 0), 'unfinished');
  });

  it('does not count an unfinished last line', async () => {
    const text = line(1) + line(2) + line(3) + '2026-01-01T00:00:00Z stdout F no newline yet';
    assert.equal(await tailOf(text, 2), line(2) + line(3) + '2026-01-01T00:00:00Z stdout F no newline yet');
  });

  it('counts a line split into partial records once, never starting inside it', async () => {
    const long = line(2, 'P') + line(3, 'P') + line(4);
    const text = line(1) + long + line(5);
    assert.equal(await tailOf(text, 1), line(5));
    assert.equal(await tailOf(text, 2), long + line(5));
    assert.equal(await tailOf(text, 3), text);
    // Partial records at the end with no F yet are not a line yet.
    assert.equal(await tailOf(line(1) + line(2) + line(3, 'P'), 1), line(2) + line(3, 'P'));
  });

  it('counts every line of a docker json-file log', async () => {
    const j = (i: number) => `{"log":"a b P c ${i}\\n","stream":"stdout","time":"2016-10-20T18:39:20Z"}\n`;
    assert.equal(await tailOf(j(1) + j(2) + j(3), 2), j(2) + j(3));
  });
});
