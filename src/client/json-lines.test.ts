import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedLineCache, lineKey, readJsonLines } from './json-lines.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of readJsonLines(body)) out.push(v);
  return out;
}

test('values split across chunk boundaries are reassembled', async () => {
  const got = await collect(chunks('{"a":', '1}\n{"b"', ':2}\n', '{"c":3}\n'));
  assert.deepEqual(got, [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

test('a multi-byte character cut between chunks decodes intact', async () => {
  const bytes = Buffer.from('{"name":"ünïcødé ☃"}\n', 'utf8');
  const cut = bytes.indexOf(0xe2); // first byte of the snowman
  const got = await collect(chunks(bytes.subarray(0, cut + 1), bytes.subarray(cut + 1)));
  assert.deepEqual(got, [{ name: 'ünïcødé ☃' }]);
});

test('several values in one chunk, blank lines and a final line without newline', async () => {
  const got = await collect(chunks('{"a":1}\n\n{"b":2}\r\n{"c":3}'));
  assert.deepEqual(got, [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

test('a line that is not JSON throws a SyntaxError naming it', async () => {
  await assert.rejects(collect(chunks('{"a":1}\nnot json\n')), (err: Error) => {
    assert.ok(err instanceof SyntaxError);
    assert.match(err.message, /Cannot decode a watch event: .*not json/);
    return true;
  });
});

test('SharedLineCache hands every reader of a line one parsed value, and never another line’s', () => {
  const cache = new SharedLineCache(4);
  const head = `{"type":"MODIFIED","object":{"metadata":{"name":"${'x'.repeat(500)}"}},"n":`;
  const first = cache.parse(`${head}1}`);
  assert.equal(cache.parse(`${head}1}`), first);
  // Same head, different tail: a different event, parsed on its own.
  const second = cache.parse(`${head}2}`) as { n: number };
  assert.equal(second.n, 2);
  assert.equal((cache.parse(`${head}1}`) as { n: number }).n, 1);
  assert.equal(cache.parse('   '), undefined);
});

test('SharedLineCache tells objects apart by resourceVersion even when their first kilobyte is alike', () => {
  const cache = new SharedLineCache(8);
  // Pods of one ReplicaSet: their managedFields come first and are the same for all of them.
  const line = (name: string, rv: number) =>
    `{"type":"ADDED","object":{"metadata":{"managedFields":[{"f":"${'m'.repeat(1000)}"}],` +
    `"name":"${name}","resourceVersion":"${rv}"}}}`;
  const a = cache.parse(line('a', 1));
  const b = cache.parse(line('b', 2));
  // A second watcher reading the same events, interleaved, gets the values already parsed.
  assert.equal(cache.parse(line('a', 1)), a);
  assert.equal(cache.parse(line('b', 2)), b);
  assert.notEqual(a, b);
  // The same type and resourceVersion but other text is another line, parsed on its own.
  const other = cache.parse(line('c', 1)) as { object: { metadata: { name: string } } };
  assert.equal(other.object.metadata.name, 'c');
  assert.equal(lineKey(line('a', 1)), '{"type":"ADDED","obj1');
});
