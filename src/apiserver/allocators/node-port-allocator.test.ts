import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryBackend } from '../../storage/memory/memory-backend.js';
import { isAllocationError } from './allocation-error.js';
import { NodePortAllocator } from './node-port-allocator.js';
import { nodePortRangeKey } from './range-allocation-document.js';

test('allocate, has, release and persistence across a re-created allocator', async () => {
  const backend = new MemoryBackend();
  const first = new NodePortAllocator({ backend });
  assert.equal(first.range, '30000-32767');
  assert.equal(first.size, 2768);
  await first.allocate(30000);
  await first.allocate(32767);
  const dynamic = await first.allocateNext();
  assert.equal(await first.release(32767), true);
  assert.equal(await first.release(80), false);

  assert.ok(await backend.get(nodePortRangeKey));
  const second = new NodePortAllocator({ backend });
  assert.equal(await second.has(30000), true);
  assert.equal(await second.has(32767), false);
  assert.equal(await second.has(dynamic), true);
  assert.deepEqual(await second.usage(), { used: 2, free: 2766 });
});

test('errors carry upstream messages, with the field path when the caller gives one', async () => {
  const alloc = new NodePortAllocator({ backend: new MemoryBackend() });
  await assert.rejects(alloc.allocate(8102), (err: unknown) => {
    assert.ok(isAllocationError(err, 'NotInRange'));
    assert.equal(
      err.message,
      'provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    return true;
  });
  await assert.rejects(alloc.allocate(8102, { field: 'spec.ports[0].nodePort' }), (err: unknown) => {
    assert.ok(isAllocationError(err, 'NotInRange'));
    assert.equal(
      err.message,
      'spec.ports[0].nodePort: Invalid value: 8102: provided port is not in the valid range. ' +
        'The range of valid ports is 30000-32767',
    );
    assert.equal(err.field, 'spec.ports[0].nodePort');
    assert.equal(err.value, 8102);
    return true;
  });
  await alloc.allocate(30080);
  await assert.rejects(alloc.allocate(30080, { field: 'spec.ports[1].nodePort' }), (err: unknown) => {
    assert.ok(isAllocationError(err, 'Allocated'));
    assert.equal(
      err.message,
      'spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    return true;
  });
});

test('dynamic ports avoid the low band (86 ports of the default range)', async () => {
  const alloc = new NodePortAllocator({ backend: new MemoryBackend() });
  for (let i = 0; i < 300; i++) assert.ok((await alloc.allocateNext()) >= 30086);
});

test('exhausting a small range gives "range is full"', async () => {
  const alloc = new NodePortAllocator({ backend: new MemoryBackend(), range: '30000-30009' });
  const got = new Set<number>();
  for (let i = 0; i < 10; i++) got.add(await alloc.allocateNext());
  assert.deepEqual([...got].sort(), [30000, 30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009]);
  await assert.rejects(alloc.allocateNext(), (err: unknown) => {
    assert.ok(isAllocationError(err, 'Full'));
    assert.equal(err.message, 'failed to allocate a nodePort: range is full');
    return true;
  });
});

test('two allocators on one backend allocating concurrently never collide', async () => {
  const backend = new MemoryBackend();
  const a = new NodePortAllocator({ backend });
  const b = new NodePortAllocator({ backend });
  const picks = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).allocateNext()));
  assert.equal(new Set(picks).size, 200);
});

test('a changed port range after restart keeps the ports that still fit', async () => {
  const backend = new MemoryBackend();
  const before = new NodePortAllocator({ backend });
  await before.allocate(30500);
  await before.allocate(32000);
  const after = new NodePortAllocator({ backend, range: '30000-31000' });
  assert.equal(await after.has(30500), true);
  await assert.rejects(after.allocate(30500), (err: unknown) => isAllocationError(err, 'Allocated'));
  await assert.rejects(after.allocate(32000), (err: unknown) => isAllocationError(err, 'NotInRange'));
  assert.deepEqual(await after.allocated(), [30500]);
});

test('rejects a malformed range', () => {
  assert.throws(
    () => new NodePortAllocator({ backend: new MemoryBackend(), range: '32767-30000' }),
    RangeError,
  );
});
