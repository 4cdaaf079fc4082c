// The supervisor against the real containerd binary (root only): restart after a crash, ending a
// containerd left by an earlier run, and attaching to a runtime someone else started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { containerdPaths } from './containerd-config.js';
import { ContainerdSupervisor, type ContainerdSupervisorOptions } from './containerd-supervisor.js';
import { connectRuntime } from './runtime-connection.js';

const skip = process.getuid?.() === 0 ? false : 'needs root (CI runs as root): runs containerd';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function options(dir: string, extra: Partial<ContainerdSupervisorOptions> = {}): ContainerdSupervisorOptions {
  return {
    dir: path.join(dir, 'containerd'),
    sandboxImage: '127.0.0.1:5000/pause:1',
    cniConfDir: path.join(dir, 'net.d'),
    ...extra,
  };
}

test('restarts containerd after it crashed, and stops it by PID', { skip, timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-ctrd-sup-'));
  let restarted: (pid: number) => void = () => undefined;
  const restartedPid = new Promise<number>((resolve) => (restarted = resolve));
  const supervisor = new ContainerdSupervisor(
    options(dir, { restartDelayMs: 100, onRestarted: (pid) => restarted(pid) }),
  );
  const pids: number[] = [];
  // The supervisor's timers are unref'd (Clock); while containerd is down nothing else keeps this test alive.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await supervisor.start();
    const first = supervisor.pid ?? 0;
    pids.push(first);
    process.kill(first, 'SIGKILL');
    const second = await restartedPid;
    pids.push(second);
    assert.notEqual(second, first);
    assert.equal(supervisor.pid, second);
    const conn = await connectRuntime({ endpoint: supervisor.endpoint, waitMs: 2000 });
    assert.equal(conn.version.runtimeName, 'containerd');
    await conn.close();
  } finally {
    clearInterval(keepAlive);
    await supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(pids.filter(isAlive), []);
  assert.equal(supervisor.pid, undefined);
});

test('ends a containerd an earlier run left on the same directory', { skip, timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-ctrd-stale-'));
  const paths = containerdPaths(path.join(dir, 'containerd'));
  const first = new ContainerdSupervisor(options(dir));
  const second = new ContainerdSupervisor(options(dir));
  let stalePid = 0;
  try {
    await first.start();
    await first.stop();
    // What a crashed kubelet leaves: a containerd running on our config, and its pid file.
    const stale = spawn('containerd', ['--config', paths.config], { detached: true, stdio: 'ignore' });
    stalePid = stale.pid ?? 0;
    writeFileSync(paths.pidFile, `${stalePid}\n`);
    await until(() => existsSync(paths.socket), 10_000);

    await second.start();
    assert.equal(isAlive(stalePid), false);
    assert.notEqual(second.pid, stalePid);
  } finally {
    await second.stop();
    if (stalePid > 0 && isAlive(stalePid)) process.kill(stalePid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attaching to an endpoint nobody serves fails with a clear message', { timeout: 10_000 }, async () => {
  await assert.rejects(
    connectRuntime({ endpoint: path.join(tmpdir(), `k8ts-no-runtime-${process.pid}.sock`), waitMs: 300 }),
    /container runtime at .* did not answer/,
  );
});
