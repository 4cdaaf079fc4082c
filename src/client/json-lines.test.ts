import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedLineCache, objectKey, readJsonLines } from './json-lines.js';

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

test('SharedLineCache hands every reader of an event one parsed object, and never another object’s', () => {
  const cache = new SharedLineCache(4);
  const object = (n: number) => `{"metadata":{"name":"${'x'.repeat(500)}"},"n":${n}}`;
  const first = cache.parse(`{"type":"MODIFIED","object":${object(1)}}`) as { type: string; object: unknown };
  assert.deepEqual(first, { type: 'MODIFIED', object: JSON.parse(object(1)) });
  const again = cache.parse(`{"type":"MODIFIED","object":${object(1)}}`) as { object: unknown };
  assert.equal(again.object, first.object);
  // A watcher whose field selector the object just came to match reads it as ADDED: same object.
  const added = cache.parse(`{"type":"ADDED","object":${object(1)}}`) as { type: string; object: unknown };
  assert.equal(added.type, 'ADDED');
  assert.equal(added.object, first.object);
  // Same head, different tail: a different object, parsed on its own.
  const second = cache.parse(`{"type":"MODIFIED","object":${object(2)}}`) as { object: { n: number } };
  assert.equal(second.object.n, 2);
  assert.equal(
    (cache.parse(`{"type":"MODIFIED","object":${object(1)}}`) as { object: { n: number } }).object.n,
    1,
  );
  assert.equal(cache.parse('   '), undefined);
});

test('SharedLineCache reads lines of another shape whole', () => {
  const cache = new SharedLineCache(4);
  assert.deepEqual(cache.parse('{"type":"ADDED","object":{"a":1},"extra":2}'), {
    type: 'ADDED',
    object: { a: 1 },
    extra: 2,
  });
  assert.deepEqual(cache.parse(' {"object":{"a":1},"type":"ADDED"} '), { object: { a: 1 }, type: 'ADDED' });
  assert.throws(() => cache.parse('{"type":"ADDED","object":{"a":}'), /Cannot decode a watch event/);
});

test('SharedLineCache tells objects apart by resourceVersion even when their first kilobyte is alike', () => {
  const cache = new SharedLineCache(8);
  // Pods of one ReplicaSet: their managedFields come first and are the same for all of them.
  const line = (name: string, rv: number) =>
    `{"type":"ADDED","object":{"metadata":{"managedFields":[{"f":"${'m'.repeat(1000)}"}],` +
    `"name":"${name}","resourceVersion":"${rv}"}}}`;
  const objectOf = (value: unknown) => (value as { object: unknown }).object;
  const a = objectOf(cache.parse(line('a', 1)));
  const b = objectOf(cache.parse(line('b', 2)));
  // A second watcher reading the same events, interleaved, gets the objects already parsed.
  assert.equal(objectOf(cache.parse(line('a', 1))), a);
  assert.equal(objectOf(cache.parse(line('b', 2))), b);
  assert.notEqual(a, b);
  // The same resourceVersion but other text is another object, parsed on its own.
  const other = objectOf(cache.parse(line('c', 1))) as { metadata: { name: string } };
  assert.equal(other.metadata.name, 'c');
  assert.equal(objectKey(line('a', 1).slice(25, -1)), '1');
});
