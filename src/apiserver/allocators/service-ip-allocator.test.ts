import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryBackend } from '../../storage/memory/memory-backend.js';
import { isAllocationError } from './allocation-error.js';
import { formatIpv4, parseIpv4 } from './ipv4-cidr.js';
import { serviceIpRangeKey } from './range-allocation-document.js';
import { ServiceIpAllocator } from './service-ip-allocator.js';

function ipNumber(ip: string): number {
  return parseIpv4(ip)!;
}

test('defaults to 10.43.0.0/16 and reserves 10.43.0.1 as the first service IP', () => {
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend() });
  assert.equal(alloc.cidr, '10.43.0.0/16');
  assert.equal(alloc.size, 65534);
  assert.equal(alloc.firstServiceIp(), '10.43.0.1');
});

test('allocate, has, release and allocate again', async () => {
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend() });
  await alloc.allocate('10.43.0.1');
  assert.equal(await alloc.has('10.43.0.1'), true);
  assert.equal(await alloc.has('10.43.0.2'), false);
  assert.equal(await alloc.release('10.43.0.1'), true);
  assert.equal(await alloc.release('10.43.0.1'), false);
  assert.equal(await alloc.release('192.168.0.1'), false);
  assert.equal(await alloc.has('10.43.0.1'), false);
  await alloc.allocate('10.43.0.1');
  assert.deepEqual(await alloc.usage(), { used: 1, free: 65533 });
});

test('errors carry upstream messages', async () => {
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend() });
  await assert.rejects(alloc.allocate('10.0.0.1'), (err: unknown) => {
    assert.ok(isAllocationError(err, 'NotInRange'));
    assert.equal(
      err.message,
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) ' +
        'is not in the valid range. The range of valid IPs is 10.43.0.0/16',
    );
    assert.equal(err.field, 'spec.clusterIPs');
    assert.deepEqual(err.value, ['10.0.0.1']);
    assert.equal(
      err.detail,
      'failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. ' +
        'The range of valid IPs is 10.43.0.0/16',
    );
    return true;
  });
  await alloc.allocate('10.43.0.10');
  await assert.rejects(alloc.allocate('10.43.0.10'), (err: unknown) => {
    assert.ok(isAllocationError(err, 'Allocated'));
    assert.equal(
      err.message,
      'spec.clusterIPs: Invalid value: []string{"10.43.0.10"}: failed to allocate IP 10.43.0.10: provided IP is already allocated',
    );
    assert.equal(err.reason, 'provided IP is already allocated');
    return true;
  });
});

test('the network and broadcast addresses are never handed out', async () => {
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend(), cidr: '10.96.0.0/29' });
  for (const ip of ['10.96.0.0', '10.96.0.7']) {
    await assert.rejects(alloc.allocate(ip), (err: unknown) => isAllocationError(err, 'NotInRange'));
  }
  const got = new Set<string>();
  for (let i = 0; i < 6; i++) got.add(await alloc.allocateNext());
  assert.deepEqual([...got].sort(), [
    '10.96.0.1',
    '10.96.0.2',
    '10.96.0.3',
    '10.96.0.4',
    '10.96.0.5',
    '10.96.0.6',
  ]);
});

test('exhausting a /28 gives upstream\'s "range is full"', async () => {
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend(), cidr: '10.43.0.0/28' });
  const got = new Set<string>();
  for (let i = 0; i < 14; i++) got.add(await alloc.allocateNext());
  assert.equal(got.size, 14);
  await assert.rejects(alloc.allocateNext(), (err: unknown) => {
    assert.ok(isAllocationError(err, 'Full'));
    assert.equal(err.reason, 'range is full');
    assert.equal(err.message, 'failed to allocate a serviceIP: range is full');
    assert.equal(err.field, undefined);
    return true;
  });
  await alloc.release('10.43.0.5');
  assert.equal(await alloc.allocateNext(), '10.43.0.5');
});

test('dynamic picks avoid the low band reserved for static addresses until the rest is full', async () => {
  // A /24 keeps offsets 0-15 (10.43.0.1-10.43.0.16) for static allocation.
  const alloc = new ServiceIpAllocator({ backend: new MemoryBackend(), cidr: '10.43.0.0/24' });
  const first: number[] = [];
  for (let i = 0; i < 254 - 16; i++) first.push(ipNumber(await alloc.allocateNext()));
  assert.ok(first.every((ip) => ip > ipNumber('10.43.0.16')));
  const rest: number[] = [];
  for (let i = 0; i < 16; i++) rest.push(ipNumber(await alloc.allocateNext()));
  assert.deepEqual(
    rest.sort((a, b) => a - b).map(formatIpv4),
    Array.from({ length: 16 }, (_, i) => `10.43.0.${i + 1}`),
  );
  await assert.rejects(alloc.allocateNext(), (err: unknown) => isAllocationError(err, 'Full'));
});

test('allocations persist in one RangeAllocation document and survive a re-created allocator', async () => {
  const backend = new MemoryBackend();
  const first = new ServiceIpAllocator({ backend });
  await first.allocate('10.43.0.1');
  const dynamic = await first.allocateNext();
  await first.allocate('10.43.0.10');
  await first.release('10.43.0.10');

  const kv = await backend.get(serviceIpRangeKey);
  assert.ok(kv);
  const doc = JSON.parse(new TextDecoder().decode(kv.value)) as Record<string, unknown>;
  assert.equal(doc.kind, 'RangeAllocation');
  assert.equal(doc.range, '10.43.0.0/16');
  assert.equal(typeof doc.data, 'string');
  assert.equal((await backend.list('/registry/ranges/')).count, 1);

  const second = new ServiceIpAllocator({ backend });
  assert.equal(await second.has('10.43.0.1'), true);
  assert.equal(await second.has(dynamic), true);
  assert.equal(await second.has('10.43.0.10'), false);
  assert.deepEqual(
    await second.allocated(),
    [dynamic, '10.43.0.1'].sort((a, b) => ipNumber(a) - ipNumber(b)),
  );
  await assert.rejects(second.allocate(dynamic), (err: unknown) => isAllocationError(err, 'Allocated'));
});

test('two allocators on one backend allocating 200 IPs concurrently never collide', async () => {
  const backend = new MemoryBackend();
  const a = new ServiceIpAllocator({ backend });
  const b = new ServiceIpAllocator({ backend });
  const picks = await Promise.all(
    Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).allocateNext()),
  );
  assert.equal(new Set(picks).size, 200);
  const fresh = new ServiceIpAllocator({ backend });
  assert.deepEqual(new Set(await fresh.allocated()), new Set(picks));
});

test('two allocators in a small range share it exactly, then both see it full', async () => {
  const backend = new MemoryBackend();
  const a = new ServiceIpAllocator({ backend, cidr: '10.43.0.0/26' });
  const b = new ServiceIpAllocator({ backend, cidr: '10.43.0.0/26' });
  const results = await Promise.allSettled(
    Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? a : b).allocateNext()),
  );
  const ok = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const failed = results.filter((r) => r.status === 'rejected');
  assert.equal(ok.length, 62);
  assert.equal(new Set(ok).size, 62);
  assert.equal(failed.length, 18);
  assert.ok(failed.every((r) => isAllocationError(r.reason, 'Full')));
});

test('the same requested IP through two allocators succeeds exactly once', async () => {
  const backend = new MemoryBackend();
  const a = new ServiceIpAllocator({ backend });
  const b = new ServiceIpAllocator({ backend });
  const results = await Promise.allSettled([a.allocate('10.43.0.50'), b.allocate('10.43.0.50')]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const rejected = results.find((r) => r.status === 'rejected');
  assert.ok(rejected && isAllocationError(rejected.reason, 'Allocated'));
});

test('a stale in-memory copy never refuses an address another apiserver released', async () => {
  const backend = new MemoryBackend();
  const a = new ServiceIpAllocator({ backend });
  const b = new ServiceIpAllocator({ backend });
  await a.allocate('10.43.0.20');
  assert.equal(await b.release('10.43.0.20'), true);
  await a.allocate('10.43.0.20');
  assert.equal(await b.has('10.43.0.20'), true);
});

test('a narrower CIDR after restart keeps the allocations that still fit', async () => {
  const backend = new MemoryBackend();
  const before = new ServiceIpAllocator({ backend, cidr: '10.43.0.0/16' });
  await before.allocate('10.43.0.10');
  await before.allocate('10.43.200.5');

  const after = new ServiceIpAllocator({ backend, cidr: '10.43.0.0/17' });
  assert.equal(await after.has('10.43.0.10'), true);
  await assert.rejects(after.allocate('10.43.0.10'), (err: unknown) => isAllocationError(err, 'Allocated'));
  await assert.rejects(after.allocate('10.43.200.5'), (err: unknown) => isAllocationError(err, 'NotInRange'));
  await after.allocate('10.43.0.11');
  const doc = JSON.parse(new TextDecoder().decode((await backend.get(serviceIpRangeKey))!.value)) as {
    range: string;
  };
  assert.equal(doc.range, '10.43.0.0/17');
  assert.deepEqual(await after.allocated(), ['10.43.0.10', '10.43.0.11']);
});

test('a wider CIDR after restart never hands out an address taken under the old one', async () => {
  const backend = new MemoryBackend();
  const before = new ServiceIpAllocator({ backend, cidr: '10.43.0.16/28' });
  const old = new Set<string>();
  for (let i = 0; i < 14; i++) old.add(await before.allocateNext());

  const after = new ServiceIpAllocator({ backend, cidr: '10.43.0.0/27' });
  const fresh = new Set<string>();
  for (let i = 0; i < 30 - 14; i++) fresh.add(await after.allocateNext());
  assert.equal(fresh.size, 16);
  for (const ip of fresh) assert.equal(old.has(ip), false, ip);
  await assert.rejects(after.allocateNext(), (err: unknown) => isAllocationError(err, 'Full'));
});

test('rejects ranges it cannot serve', () => {
  const backend = new MemoryBackend();
  assert.throws(() => new ServiceIpAllocator({ backend, cidr: 'fd00::/108' }), /not an IPv4 CIDR/);
  assert.throws(() => new ServiceIpAllocator({ backend, cidr: '10.0.0.0/8' }), /mask must be >= 12/);
});
