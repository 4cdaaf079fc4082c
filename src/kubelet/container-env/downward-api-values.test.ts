import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { splitSubscriptedPath } from '../../api/downward-api-field-label.js';
import { formatFieldMap, objectFieldValue } from './object-field-path.js';
import { podFieldValue } from './pod-field-value.js';
import {
  containerResourceValue,
  podResourceFieldValue,
  withAllocatableLimits,
} from './resource-field-value.js';

const pod: Pod = {
  metadata: {
    name: 'web-0',
    namespace: 'shop',
    uid: '1f1b4a5e-0000-4000-8000-000000000001',
    labels: { app: 'web', 'zone.example.com/tier': 'front' },
    annotations: { note: 'line1\nline2 "quoted" \\ tab\t', 'kubernetes.io/config.source': 'api' },
  },
  spec: {
    nodeName: 'node-a',
    serviceAccountName: 'builder',
    containers: [
      {
        name: 'app',
        resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m', memory: '128Mi' } },
      },
      { name: 'sidecar' },
    ],
    initContainers: [{ name: 'init', resources: { limits: { 'ephemeral-storage': '1Gi' } } }],
  },
};

test('label and annotation maps are sorted key="value" lines with Go quoting and no trailing newline', () => {
  assert.equal(formatFieldMap(pod.metadata!.labels), 'app="web"\nzone.example.com/tier="front"');
  assert.equal(
    formatFieldMap(pod.metadata!.annotations),
    'kubernetes.io/config.source="api"\nnote="line1\\nline2 \\"quoted\\" \\\\ tab\\t"',
  );
  assert.equal(formatFieldMap({}), '');
  assert.equal(formatFieldMap({ u: 'ünïcode ✓' }), 'u="ünïcode ✓"');
});

test('metadata fields, subscripts and their errors', () => {
  assert.equal(objectFieldValue(pod, 'metadata.name'), 'web-0');
  assert.equal(objectFieldValue(pod, 'metadata.namespace'), 'shop');
  assert.equal(objectFieldValue(pod, 'metadata.uid'), pod.metadata!.uid);
  assert.equal(objectFieldValue(pod, "metadata.labels['app']"), 'web');
  assert.equal(objectFieldValue(pod, "metadata.labels['missing']"), '');
  assert.equal(objectFieldValue(pod, "metadata.annotations['note']"), 'line1\nline2 "quoted" \\ tab\t');
  assert.deepEqual(splitSubscriptedPath("metadata.labels['a']"), { path: 'metadata.labels', subscript: 'a' });
  assert.equal(splitSubscriptedPath('metadata.labels'), undefined);
  assert.throws(
    () => objectFieldValue(pod, 'spec.nodeName'),
    /^Error: unsupported fieldPath: spec.nodeName$/,
  );
  assert.throws(
    () => objectFieldValue(pod, "metadata.name['x']"),
    /^Error: fieldPath "metadata.name\['x'\]" does not support subscript$/,
  );
  assert.throws(
    () => objectFieldValue(pod, "metadata.labels['bad key']"),
    /invalid key subscript in metadata.labels/,
  );
});

test('env fieldRefs add spec and status fields and check the field label', () => {
  const addr = { podIPs: ['10.244.1.5', 'fd00::5'], hostIPs: ['192.168.1.10', 'fd00::10'] };
  const value = (fieldPath: string, apiVersion = 'v1') => podFieldValue({ fieldPath, apiVersion }, pod, addr);
  assert.equal(value('spec.nodeName'), 'node-a');
  assert.equal(value('spec.host'), 'node-a');
  assert.equal(value('spec.serviceAccountName'), 'builder');
  assert.equal(value('status.podIP'), '10.244.1.5');
  assert.equal(value('status.podIPs'), '10.244.1.5,fd00::5');
  assert.equal(value('status.hostIP'), '192.168.1.10');
  assert.equal(value('status.hostIPs'), '192.168.1.10,fd00::10');
  assert.equal(value("metadata.labels['app']"), 'web');
  assert.equal(value('metadata.labels'), 'app="web"\nzone.example.com/tier="front"');
  assert.equal(
    podFieldValue({ fieldPath: 'metadata.name' }, pod, addr),
    'web-0',
    'apiVersion defaults to v1',
  );
  assert.throws(() => value('metadata.name', 'v2'), /^Error: unsupported pod version: v2$/);
  assert.throws(() => value('spec.containers'), /^Error: field label not supported: spec.containers$/);
  assert.throws(
    () => value("spec.nodeName['x']"),
    /^Error: field label does not support subscript: spec.nodeName\['x'\]$/,
  );
  assert.throws(() => value('status.phase'), /^Error: unsupported fieldPath: status.phase$/);
  assert.throws(
    () => podFieldValue({ fieldPath: 'status.hostIP' }, pod, { podIPs: [], hostIPs: [] }),
    /host IP unknown/,
  );
  assert.equal(podFieldValue({ fieldPath: 'status.podIP' }, pod, { podIPs: [], hostIPs: [] }), '');
});

test('resource fields divide by the divisor and round up; cpu in millis', () => {
  const app = pod.spec!.containers[0]!;
  const v = (resource: string, divisor?: string, c: Container = app) =>
    containerResourceValue({ resource, ...(divisor !== undefined ? { divisor } : {}) }, c);
  assert.equal(v('limits.cpu'), '2', '1.5 cores round up to 2');
  assert.equal(v('limits.cpu', '1m'), '1500');
  assert.equal(v('requests.cpu', '100m'), '3', '250m / 100m rounds up');
  assert.equal(v('requests.cpu', '0'), '1', 'a zero divisor means 1');
  assert.equal(v('limits.memory'), String(128 * 1024 * 1024));
  assert.equal(v('limits.memory', '1Mi'), '128');
  assert.equal(v('requests.memory', '1M'), '68', '64Mi = 67.1M rounds up');
  assert.equal(v('requests.ephemeral-storage'), '0');
  assert.equal(v('limits.hugepages-2Mi'), '0');
  assert.throws(() => v('limits.gpu'), /^Error: unsupported container resource : limits.gpu$/);
  assert.throws(() => v('cpu'), /unsupported container resource : cpu/);
});

test('unset limits come from node allocatable; a container is found by name among init containers too', () => {
  const allocatable = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' };
  const sidecar = withAllocatableLimits(pod.spec!.containers[1]!, allocatable);
  assert.deepEqual(sidecar.resources?.limits, { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' });
  const app = withAllocatableLimits(pod.spec!.containers[0]!, allocatable);
  assert.equal(app.resources?.limits?.['cpu'], '1500m', 'declared limits stay');
  assert.equal(
    podResourceFieldValue(
      { containerName: 'sidecar', resource: 'limits.memory', divisor: '1Gi' },
      pod,
      allocatable,
    ),
    '8',
  );
  assert.equal(
    podResourceFieldValue(
      { containerName: 'init', resource: 'limits.ephemeral-storage', divisor: '1Gi' },
      pod,
      allocatable,
    ),
    '1',
  );
  assert.throws(
    () => podResourceFieldValue({ containerName: 'nope', resource: 'limits.cpu' }, pod, allocatable),
    /^Error: container nope not found$/,
  );
});
