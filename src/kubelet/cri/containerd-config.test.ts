import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdPaths, renderContainerdConfig } from './containerd-config.js';

test('everything containerd owns lives under its directory', () => {
  const text = renderContainerdConfig({
    dir: '/var/lib/k8ts/containerd',
    sandboxImage: '127.0.0.1:5000/pause:1',
    cniConfDir: '/var/lib/k8ts/cni/net.d',
    restrictOomScoreAdj: true,
  });
  const p = containerdPaths('/var/lib/k8ts/containerd');
  for (const line of [
    `root = "${p.root}"`,
    `state = "${p.state}"`,
    `address = "${p.socket}"`,
    `address = "${p.socket}.ttrpc"`,
    'path = "/var/lib/k8ts/containerd/opt"',
    'Root = "/var/lib/k8ts/containerd/runc"',
    `config_path = "${p.certsDir}"`,
    'conf_dir = "/var/lib/k8ts/cni/net.d"',
    'bin_dir = "/usr/lib/cni"',
    'sandbox_image = "127.0.0.1:5000/pause:1"',
    'restrict_oom_score_adj = true',
    'stream_server_address = "127.0.0.1"',
    'stream_server_port = "0"',
    'SystemdCgroup = false',
    'systemd_cgroup = false',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}`);
  }
});

test('options override the defaults', () => {
  const text = renderContainerdConfig({
    dir: '/d',
    sandboxImage: 'pause',
    cniConfDir: '/c',
    cniBinDir: '/opt/cni/bin',
    restrictOomScoreAdj: false,
    streamServerPort: 10010,
    logLevel: 'debug',
  });
  assert.match(text, /restrict_oom_score_adj = false/);
  assert.match(text, /stream_server_port = "10010"/);
  assert.match(text, /bin_dir = "\/opt\/cni\/bin"/);
  assert.match(text, /level = "debug"/);
});
