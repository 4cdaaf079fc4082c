import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Container } from 'kubernetes-types/core/v1.js';
import { containerMounts, mountPropagation, type MountableVolume } from './container-mounts.js';

let root: string;
let volumes: Map<string, MountableVolume>;
before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'k8ts-mounts-')));
  await mkdir(join(root, 'data'));
  await mkdir(join(root, 'cfg'));
  volumes = new Map([
    ['data', { hostPath: join(root, 'data'), readOnly: false }],
    ['cfg', { hostPath: join(root, 'cfg'), readOnly: true }],
  ]);
});
after(async () => rm(root, { recursive: true, force: true }));

test('mounts carry container path, host path, read-only and propagation', async () => {
  const container: Container = {
    name: 'app',
    volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'data', mountPath: '/ro-data', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'cfg', mountPath: '/etc/app' },
      { name: 'data', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)' },
      { name: 'data', mountPath: '/cache', subPath: 'cache' },
    ],
  };
  const mounts = await containerMounts(container, volumes, [{ key: 'POD_NAME', value: 'web-0' }]);
  assert.deepEqual(mounts, [
    {
      containerPath: '/data',
      hostPath: join(root, 'data'),
      readonly: false,
      propagation: 'PROPAGATION_PRIVATE',
    },
    {
      containerPath: '/ro-data',
      hostPath: join(root, 'data'),
      readonly: true,
      propagation: 'PROPAGATION_HOST_TO_CONTAINER',
    },
    {
      containerPath: '/etc/app',
      hostPath: join(root, 'cfg'),
      readonly: true,
      propagation: 'PROPAGATION_PRIVATE',
    },
    {
      containerPath: '/logs',
      hostPath: join(root, 'data/logs/web-0'),
      readonly: false,
      propagation: 'PROPAGATION_PRIVATE',
    },
    {
      containerPath: '/cache',
      hostPath: join(root, 'data/cache'),
      readonly: false,
      propagation: 'PROPAGATION_PRIVATE',
    },
  ]);
});

test('failures name the mount and container as upstream does', async () => {
  const fails = (volumeMounts: Container['volumeMounts'], message: string, env = []) =>
    assert.rejects(containerMounts({ name: 'app', volumeMounts }, volumes, env), { message });
  await fails([{ name: 'nope', mountPath: '/x' }], 'cannot find volume "nope" to mount into container "app"');
  await fails([{ name: 'data', mountPath: '/x', subPathExpr: '$(MISSING)' }], 'missing value for MISSING');
  await fails(
    [{ name: 'data', mountPath: '/x', subPath: '../up' }],
    "unable to provision SubPath `../up`: must not contain '..'",
  );
  await fails(
    [{ name: 'data', mountPath: '/x', mountPropagation: 'Sideways' }],
    'invalid MountPropagation mode: "Sideways"',
  );
  await fails(
    [{ name: 'data', mountPath: '/x', readOnly: true, recursiveReadOnly: 'Enabled' }],
    'failed to resolve recursive read-only mode: rro is not supported by the runtime',
  );
  await fails(
    [{ name: 'data', mountPath: '/x', recursiveReadOnly: 'IfPossible' }],
    'failed to resolve recursive read-only mode: rro requires ro',
  );
  const ok = await containerMounts(
    {
      name: 'app',
      volumeMounts: [{ name: 'data', mountPath: '/x', readOnly: true, recursiveReadOnly: 'IfPossible' }],
    },
    volumes,
    [],
  );
  assert.equal(ok.length, 1, 'IfPossible falls back to a plain read-only mount');
});

test('propagation modes', () => {
  assert.equal(mountPropagation(undefined), 'PROPAGATION_PRIVATE');
  assert.equal(mountPropagation('None'), 'PROPAGATION_PRIVATE');
  assert.equal(mountPropagation('Bidirectional'), 'PROPAGATION_BIDIRECTIONAL');
});
