import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubeletResourceSettings, kubeletRuntimeSettings, parseMapFlag } from './kubelet-flags.js';

test('map flags split on commas and the first separator', () => {
  assert.deepEqual(parseMapFlag('eviction-hard', 'memory.available<100Mi, nodefs.available<10%', '<'), {
    'memory.available': '100Mi',
    'nodefs.available': '10%',
  });
  assert.deepEqual(parseMapFlag('eviction-soft-grace-period', 'memory.available=1m30s', '='), {
    'memory.available': '1m30s',
  });
  assert.throws(() => parseMapFlag('eviction-hard', 'memory.available', '<'), /malformed pair/);
});

test('eviction and image GC flags become kubelet settings, with upstream errors', () => {
  assert.deepEqual(kubeletResourceSettings({}), {});
  assert.deepEqual(
    kubeletResourceSettings({
      'eviction-hard': 'memory.available<200Mi',
      'eviction-soft': 'memory.available<1Gi',
      'eviction-soft-grace-period': 'memory.available=30s',
      'eviction-pressure-transition-period': '30s',
      'image-gc-high-threshold': '90',
    }),
    {
      eviction: {
        evictionHard: { 'memory.available': '200Mi' },
        evictionSoft: { 'memory.available': '1Gi' },
        evictionSoftGracePeriod: { 'memory.available': '30s' },
        pressureTransitionPeriodMs: 30_000,
      },
      imageGc: { highThresholdPercent: 90 },
    },
  );
  assert.throws(
    () => kubeletResourceSettings({ 'eviction-soft': 'memory.available<1Gi' }),
    /grace period must be specified for the soft eviction threshold memory.available/,
  );
  assert.throws(
    () => kubeletResourceSettings({ 'eviction-hard': 'memory.free<1Gi' }),
    /unsupported eviction signal memory.free/,
  );
  assert.throws(() => kubeletResourceSettings({ 'image-gc-high-threshold': '101' }), /up to 100/);
});

test('--pod-manifest-path reaches the kubelet settings', () => {
  assert.equal(
    kubeletRuntimeSettings({ 'pod-manifest-path': '/etc/k8ts/manifests' }).podManifestPath,
    '/etc/k8ts/manifests',
  );
});

test('--container-log-max-size and --container-log-max-files reach the kubelet settings', () => {
  assert.deepEqual(
    kubeletRuntimeSettings({ 'container-log-max-size': '1Mi', 'container-log-max-files': '2' }).containerLogs,
    { maxSizeBytes: 1024 * 1024, maxFiles: 2 },
  );
  assert.equal(kubeletRuntimeSettings({}).containerLogs, undefined);
});
