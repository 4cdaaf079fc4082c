// Test support for the certificates controllers: a real `k8ts apiserver` (memory datastore) in a
// child process with a data directory the test can read (its CA signs), clients for any user, and
// the controllers under test in this process on a FakeClock. Needs `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCertificateRequest } from '../../../api/certificates/certificate-request.js';
import { generateTestRequest } from '../../../api/certificates/testing/test-requests.js';
import { FakeClock } from '../../../base/clock.js';
import { createLogger } from '../../../base/logger.js';
import { KubeClient, loadRestConfig, type RestConfig } from '../../../client/index.js';
import { EventBroadcaster, kubeEventSink } from '../../../controller-framework/index.js';
import { SharedInformerFactory } from '../../../informers/index.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller-context.js';
import { SigningAuthority } from '../signing-authority.js';

/** This file runs from dist/src/controllers/certificates/testing/, five levels below the repository root. */
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const readyLine = /ready at (https?:\/\/\S+) \(kubeconfig: (.+)\)/;
// K8TS_TEST_LOG=1 shows the controllers' logs (quiet otherwise).
const quiet = process.env['K8TS_TEST_LOG']
  ? createLogger('test', { level: 'debug' })
  : createLogger('test', { write: () => {} });

/** A running apiserver whose cluster CA the test holds, with controllers running against it. */
export class CsrTestCluster {
  /** The controllers' clock. */
  readonly clock: FakeClock;
  private readonly stop = new AbortController();
  private readonly clients: KubeClient[] = [];
  private runs: Promise<void>[] = [];
  private informers: SharedInformerFactory | undefined;
  private broadcaster: EventBroadcaster | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** The apiserver's data directory (pki/ca.crt and pki/ca.key are the cluster CA). */
    readonly dataDir: string,
    private readonly adminConfig: RestConfig,
    /** A cluster-admin client. */
    readonly admin: KubeClient,
  ) {
    this.clock = new FakeClock(Date.now());
    this.clients.push(admin);
  }

  /** Starts `k8ts apiserver` on a fresh data directory and resolves once it serves. */
  static async start(): Promise<CsrTestCluster> {
    const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-csr-test-'));
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'k8ts'),
        'apiserver',
        ...['--data-dir', dataDir, '--port', '0', '--bind-address', '127.0.0.1', '--datastore', 'memory'],
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    process.once('exit', () => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-8000)));
    const kubeconfig = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`apiserver did not start:\n${stderr}`)), 30_000);
      child.stdout?.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const m = readyLine.exec(out);
        if (m?.[2] !== undefined) {
          clearTimeout(timer);
          resolve(m[2]);
        }
      });
      child.once('exit', () => reject(new Error(`apiserver exited:\n${stderr}`)));
    });
    const adminConfig = await loadRestConfig({ path: kubeconfig });
    const admin = KubeClient.fromRestConfig(adminConfig, { component: 'csr-test', qps: Infinity });
    return new CsrTestCluster(child, dataDir, adminConfig, admin);
  }

  /** The cluster CA's certificate and key files. */
  get caFiles(): { certFile: string; keyFile: string } {
    return { certFile: join(this.dataDir, 'pki', 'ca.crt'), keyFile: join(this.dataDir, 'pki', 'ca.key') };
  }

  /** A client authenticating as `user` in `groups` with a client certificate from the cluster CA. */
  async clientAs(user: string, groups: readonly string[] = []): Promise<KubeClient> {
    const authority = await SigningAuthority.load(this.caFiles.certFile, this.caFiles.keyFile);
    const request = await generateTestRequest({ commonName: user, organizations: groups });
    const certData = await authority.sign(parseCertificateRequest(Buffer.from(request.pem)), {
      usages: ['digital signature', 'client auth'],
      ttlMs: 60 * 60 * 1000,
      now: new Date(),
    });
    return this.clientWith(certData, request.keyPem);
  }

  /** A client authenticating with the given PEM client certificate and key. */
  clientWith(certData: string, keyData: string): KubeClient {
    const client = KubeClient.fromRestConfig(
      { ...this.adminConfig, certData, keyData },
      { component: 'csr-test', qps: Infinity },
    );
    this.clients.push(client);
    return client;
  }

  /** Runs `descriptors` as the controller manager would, once their caches synced. */
  async startControllers(descriptors: readonly ControllerDescriptor[]): Promise<void> {
    const informers = (this.informers = new SharedInformerFactory({ client: this.admin, logger: quiet }));
    const broadcaster = (this.broadcaster = new EventBroadcaster({
      sink: kubeEventSink(this.admin),
      clock: this.clock,
      log: quiet,
    }));
    const ctx: ControllerContext = {
      client: this.admin,
      informers,
      clock: this.clock,
      log: quiet,
      recorder: (component) => broadcaster.newRecorder({ component }),
      signal: this.stop.signal,
    };
    const runners = descriptors.map((d) => d.setup(ctx, d.defaultWorkers));
    informers.start(this.stop.signal);
    if (!(await informers.waitForCacheSync(this.stop.signal))) throw new Error('caches did not sync');
    this.runs = runners.map((r) => r.run());
  }

  /** Polls `check` until it stops throwing (20 s at most), moving the fake clock by `advanceMs` each time. */
  async until<R>(check: () => R | Promise<R>, advanceMs = 0): Promise<R> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        return await check();
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await sleep(20);
      await this.clock.advance(advanceMs);
    }
  }

  /** Stops the controllers, the clients and the apiserver, and removes the data directory. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.runs);
    await this.informers?.shutdown();
    await this.broadcaster?.shutdown();
    for (const c of this.clients) c.close();
    this.child.kill('SIGTERM');
    await new Promise((r) => (this.child.exitCode !== null ? r(undefined) : this.child.once('exit', r)));
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
