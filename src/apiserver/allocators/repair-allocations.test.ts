import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { Backend, WriteResult } from '../../storage/backend.js';
import { MemoryBackend } from '../../storage/memory/memory-backend.js';
import { LeakTracker } from './leak-tracker.js';
import { NodePortAllocator } from './node-port-allocator.js';
import { serviceIpRangeKey } from './range-allocation-document.js';
import { repairAllocations, summarizeRepair } from './repair-allocations.js';
import { ServiceIpAllocator } from './service-ip-allocator.js';

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name }, spec };
}

function allocatorsOn(backend: Backend, cidr?: string) {
  return {
    serviceIps: new ServiceIpAllocator({ backend, ...(cidr === undefined ? {} : { cidr }) }),
    nodePorts: new NodePortAllocator({ backend }),
  };
}

const services: KubeObject[] = [
  service('kubernetes', { clusterIP: '10.43.0.1', clusterIPs: ['10.43.0.1'], ports: [{ port: 443 }] }),
  service('web', {
    type: 'LoadBalancer',
    clusterIP: '10.43.0.20',
    ports: [
      { port: 53, protocol: 'TCP', nodePort: 30053 },
      { port: 53, protocol: 'UDP', nodePort: 30053 },
    ],
    healthCheckNodePort: 30054,
  }),
  service('headless', { clusterIP: 'None', clusterIPs: ['None'] }),
  service('external', { type: 'ExternalName', externalName: 'example.com', clusterIP: '10.43.0.99' }),
];

test('repair marks what Services use, releases leaks and creates the documents', async () => {
  const backend = new MemoryBackend();
  const allocators = allocatorsOn(backend);
  await allocators.serviceIps.allocate('10.43.0.1');
  await allocators.serviceIps.allocate('10.43.9.9'); // leaked: no Service holds it
  await allocators.nodePorts.allocate(31000); // leaked

  const report = await repairAllocations({ allocators, services });
  assert.deepEqual(report.serviceIps.marked, ['10.43.0.20']);
  assert.deepEqual(report.serviceIps.released, ['10.43.9.9']);
  assert.deepEqual([...report.nodePorts.marked].sort(), [30053, 30054]);
  assert.deepEqual(report.nodePorts.released, [31000]);
  assert.deepEqual(report.serviceIps.duplicates, []);
  assert.deepEqual(report.serviceIps.outOfRange, []);

  assert.deepEqual(await allocators.serviceIps.allocated(), ['10.43.0.1', '10.43.0.20']);
  assert.deepEqual(await allocators.nodePorts.allocated(), [30053, 30054]);

  // Idempotent: a second pass finds nothing to do.
  const again = await repairAllocations({ allocators, services });
  assert.equal(summarizeRepair(again), undefined);
  assert.deepEqual(again.serviceIps.marked, []);
  assert.deepEqual(again.nodePorts.released, []);
});

test('repair initialises missing range documents, seen by other allocators', async () => {
  const backend = new MemoryBackend();
  await repairAllocations({ allocators: allocatorsOn(backend), services });
  assert.ok(await backend.get(serviceIpRangeKey));
  const other = allocatorsOn(backend);
  assert.equal(await other.serviceIps.has('10.43.0.20'), true);
  assert.equal(await other.nodePorts.has(30054), true);
});

test('duplicates and out-of-range items are reported, not fixed', async () => {
  const backend = new MemoryBackend();
  const allocators = allocatorsOn(backend);
  const report = await repairAllocations({
    allocators,
    services: [
      service('a', { clusterIP: '10.43.0.30', ports: [{ port: 80, nodePort: 30080 }] }),
      service('b', { clusterIP: '10.43.0.30', ports: [{ port: 80, nodePort: 30080 }] }),
      service('c', { clusterIP: '10.0.0.5', ports: [{ port: 80, nodePort: 8080 }] }),
    ],
  });
  assert.deepEqual(report.serviceIps.duplicates, [
    { item: '10.43.0.30', owners: ['default/a', 'default/b'] },
  ]);
  assert.deepEqual(report.nodePorts.duplicates, [{ item: 30080, owners: ['default/a', 'default/b'] }]);
  assert.deepEqual(report.serviceIps.outOfRange, [{ item: '10.0.0.5', owner: 'default/c' }]);
  assert.deepEqual(report.nodePorts.outOfRange, [{ item: 8080, owner: 'default/c' }]);
  assert.deepEqual(await allocators.serviceIps.allocated(), ['10.43.0.30']);
  const line = summarizeRepair(report);
  assert.match(line ?? '', /10\.43\.0\.30 is used by default\/a, default\/b/);
  assert.match(line ?? '', /default\/c uses 10\.0\.0\.5 outside the range/);
});

test('with a leak tracker a leak is released only on the third pass in a row', async () => {
  const backend = new MemoryBackend();
  const allocators = allocatorsOn(backend);
  const leaks = new LeakTracker();
  await allocators.serviceIps.allocate('10.43.5.5');
  await allocators.serviceIps.allocate('10.43.6.6');

  const first = await repairAllocations({ allocators, services, leaks });
  assert.deepEqual(first.serviceIps.held, ['10.43.5.5', '10.43.6.6']);
  assert.deepEqual(first.serviceIps.released, []);

  // 10.43.6.6 turns out to be a create that was in flight: its Service now exists.
  const withSix = [...services, service('late', { clusterIP: '10.43.6.6' })];
  const second = await repairAllocations({ allocators, services: withSix, leaks });
  assert.deepEqual(second.serviceIps.held, ['10.43.5.5']);
  assert.equal(await allocators.serviceIps.has('10.43.5.5'), true);

  const third = await repairAllocations({ allocators, services: withSix, leaks });
  assert.deepEqual(third.serviceIps.released, ['10.43.5.5']);
  assert.equal(await allocators.serviceIps.has('10.43.5.5'), false);
  assert.equal(await allocators.serviceIps.has('10.43.6.6'), true);
  assert.match(summarizeRepair(third) ?? '', /released leaked 10\.43\.5\.5/);
});

test('an allocation committed while repair runs is kept, not wiped', async () => {
  const memory = new MemoryBackend();
  const other = new ServiceIpAllocator({ backend: memory });
  let interfered = false;
  // Another apiserver allocates just before repair's write lands, so that write conflicts.
  const update = async (key: string, value: Uint8Array, expected: number): Promise<WriteResult> => {
    if (!interfered && key === serviceIpRangeKey) {
      interfered = true;
      await other.allocate('10.43.7.7');
    }
    return memory.update(key, value, expected);
  };
  const racing = new Proxy<Backend>(memory, {
    get(target, prop) {
      if (prop === 'update') return update;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const allocators = allocatorsOn(racing);
  await allocators.serviceIps.allocate('10.43.0.1');
  await allocators.serviceIps.allocate('10.43.0.2'); // leaked, so repair has something to write

  const report = await repairAllocations({ allocators, services, leaks: new LeakTracker() });
  assert.ok(interfered);
  assert.ok(report.serviceIps.held.includes('10.43.7.7'));
  assert.equal(await other.has('10.43.7.7'), true);
  assert.equal(await other.has('10.43.0.20'), true);
});

test('after a CIDR change repair reports the old range and the Services left outside', async () => {
  const backend = new MemoryBackend();
  const before = allocatorsOn(backend, '10.43.0.0/16');
  const svcs = [
    service('inside', { clusterIP: '10.43.0.10' }),
    service('outside', { clusterIP: '10.43.200.5' }),
  ];
  await repairAllocations({ allocators: before, services: svcs });

  const after = allocatorsOn(backend, '10.43.0.0/17');
  const report = await repairAllocations({ allocators: after, services: svcs });
  assert.equal(report.serviceIps.previousRange, '10.43.0.0/16');
  assert.equal(report.serviceIps.range, '10.43.0.0/17');
  assert.deepEqual(report.serviceIps.marked, []);
  assert.deepEqual(report.serviceIps.outOfRange, [{ item: '10.43.200.5', owner: 'default/outside' }]);
  assert.match(summarizeRepair(report) ?? '', /range changed from 10\.43\.0\.0\/16/);
  const doc = JSON.parse(new TextDecoder().decode((await backend.get(serviceIpRangeKey))!.value)) as {
    range: string;
  };
  assert.equal(doc.range, '10.43.0.0/17');
  assert.deepEqual(await after.serviceIps.allocated(), ['10.43.0.10']);
});
