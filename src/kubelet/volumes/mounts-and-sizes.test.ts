import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { memoryVolumeSizeBytes, podMemoryLimitBytes } from './memory-volume-size.js';
import { mountAt, parseMountInfo } from './mounter.js';
import { nestedMountpoints } from './nested-mountpoints.js';
import { podDir, podVolumeDir, pluginDirName } from './pod-volume-paths.js';
import { podFsUser } from './pod-security-ids.js';

const Mi = 1024n * 1024n;
const withMem = (name: string, limit?: string, extra: Partial<Container> = {}): Container => ({
  name,
  ...(limit ? { resources: { limits: { memory: limit } } } : {}),
  ...extra,
});
const podOf = (
  containers: Container[],
  initContainers: Container[] = [],
  extra: Partial<Pod['spec']> = {},
): Pod => ({
  metadata: { name: 'p', uid: 'u' },
  spec: { containers, initContainers, ...extra },
});

test('volume paths follow upstream layout', () => {
  assert.equal(pluginDirName('empty-dir'), 'kubernetes.io~empty-dir');
  assert.equal(podDir('/var/lib/kubelet', 'abc'), '/var/lib/kubelet/pods/abc');
  assert.equal(
    podVolumeDir('/var/lib/kubelet', 'abc', 'configmap', 'cfg'),
    '/var/lib/kubelet/pods/abc/volumes/kubernetes.io~configmap/cfg',
  );
});

test('the pod memory limit: sum of containers and sidecars, init peaks, overhead; none unless all declare one', () => {
  assert.equal(podMemoryLimitBytes(podOf([withMem('a', '64Mi'), withMem('b', '32Mi')])), 96n * Mi);
  assert.equal(podMemoryLimitBytes(podOf([withMem('a', '64Mi'), withMem('b')])), undefined);
  assert.equal(podMemoryLimitBytes(podOf([withMem('a', '64Mi')], [withMem('i')])), undefined);
  assert.equal(podMemoryLimitBytes(podOf([withMem('a', '64Mi')], [withMem('big', '256Mi')])), 256n * Mi);
  const sidecar = withMem('side', '16Mi', { restartPolicy: 'Always' });
  assert.equal(
    podMemoryLimitBytes(podOf([withMem('a', '64Mi')], [sidecar, withMem('big', '100Mi')])),
    116n * Mi,
  );
  assert.equal(podMemoryLimitBytes(podOf([withMem('a', '64Mi')], [sidecar])), 80n * Mi);
  assert.equal(
    podMemoryLimitBytes(podOf([withMem('a', '64Mi')], [], { overhead: { memory: '10Mi' } })),
    74n * Mi,
  );
});

test('tmpfs size: the smallest of node allocatable, pod limit and sizeLimit', () => {
  const limited = podOf([withMem('a', '64Mi')]);
  const open = podOf([withMem('a')]);
  assert.equal(memoryVolumeSizeBytes(open, '8Gi', undefined), 8n * 1024n * Mi);
  assert.equal(memoryVolumeSizeBytes(limited, '8Gi', undefined), 64n * Mi);
  assert.equal(memoryVolumeSizeBytes(limited, '8Gi', '16Mi'), 16n * Mi);
  assert.equal(
    memoryVolumeSizeBytes(limited, '8Gi', '1Gi'),
    64n * Mi,
    'a sizeLimit above the pod limit is ignored',
  );
  assert.equal(memoryVolumeSizeBytes(open, undefined, '1Mi'), Mi);
  assert.equal(memoryVolumeSizeBytes(open, undefined, undefined), undefined);
});

test('mountinfo parsing decodes escapes; the newest stacked mount wins', () => {
  const text = [
    '22 27 0:21 / /proc rw,relatime - proc proc rw',
    '42 27 0:39 / /var/lib/k\\040t/pods/x rw,relatime shared:1 - tmpfs tmpfs rw,size=1024k',
    '43 42 0:40 / /var/lib/k\\040t/pods/x rw,relatime - ext4 /dev/vda rw',
    '',
  ].join('\n');
  const points = parseMountInfo(text);
  assert.equal(points.length, 3);
  assert.deepEqual(points[1], { path: '/var/lib/k t/pods/x', fsType: 'tmpfs', source: 'tmpfs' });
  assert.equal(mountAt(points, '/var/lib/k t/pods/x')?.fsType, 'ext4');
  assert.equal(mountAt(points, '/nope'), undefined);
});

test('nested mount points inside a volume: first level only, per container', () => {
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: {
      containers: [
        {
          name: 'a',
          volumeMounts: [
            { name: 'cfg', mountPath: '/etc/app' },
            { name: 'cache', mountPath: '/etc/app/cache' },
            { name: 'deeper', mountPath: '/etc/app/cache/deeper' },
            { name: 'elsewhere', mountPath: '/etc/application' },
          ],
        },
        {
          name: 'b',
          volumeMounts: [
            { name: 'cfg', mountPath: '/cfg/' },
            { name: 'x', mountPath: '/cfg/x/y' },
          ],
        },
      ],
    },
  };
  assert.deepEqual(nestedMountpoints('cfg', pod), ['cache', 'x/y']);
  assert.deepEqual(nestedMountpoints('cache', pod), ['deeper']);
  assert.deepEqual(nestedMountpoints('elsewhere', pod), []);
});

test('fsUser is the one runAsUser every container shares', () => {
  const sc = (runAsUser?: number) => (runAsUser === undefined ? {} : { securityContext: { runAsUser } });
  const pod = (containers: Container[], podUser?: number, inits: Container[] = []): Pod => ({
    spec: {
      containers,
      initContainers: inits,
      ...(podUser !== undefined ? { securityContext: { runAsUser: podUser } } : {}),
    },
  });
  assert.equal(
    podFsUser(
      pod([
        { name: 'a', ...sc(1000) },
        { name: 'b', ...sc(1000) },
      ]),
    ),
    1000,
  );
  assert.equal(podFsUser(pod([{ name: 'a' }, { name: 'b', ...sc(1000) }], 1000)), 1000);
  assert.equal(
    podFsUser(
      pod([
        { name: 'a', ...sc(1000) },
        { name: 'b', ...sc(1001) },
      ]),
    ),
    undefined,
  );
  assert.equal(podFsUser(pod([{ name: 'a', ...sc(1000) }, { name: 'b' }])), undefined);
  assert.equal(podFsUser(pod([{ name: 'a', ...sc(1000) }], undefined, [{ name: 'i', ...sc(0) }])), undefined);
});
