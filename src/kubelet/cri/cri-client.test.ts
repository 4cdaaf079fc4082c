// CriClient against a fake CRI server on a unix socket (the process boundary): the wire mapping,
// deadlines, cancellation and error codes, without containerd.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { CriClient, grpcTarget } from './cri-client.js';
import { isCriError } from './cri-errors.js';
import { protoFile } from './cri-proto.js';

type Handler = (request: Record<string, unknown>) => unknown;

const seen: Record<string, Record<string, unknown>> = {};
const handlers: Record<string, Handler> = {
  Version: () => ({
    version: '0.1.0',
    runtimeName: 'containerd',
    runtimeVersion: '1.6.20',
    runtimeApiVersion: 'v1',
  }),
  RunPodSandbox: () => ({ podSandboxId: 'sb1' }),
  ContainerStatus: () => ({
    status: {
      id: 'c1',
      metadata: { name: 'app', attempt: 2 },
      state: 'CONTAINER_EXITED',
      createdAt: '1763794871734573767',
      startedAt: '1763794872000000000',
      finishedAt: '1763794873000000000',
      exitCode: 137,
      reason: 'OOMKilled',
      image: { image: '127.0.0.1:5000/toolbox:1' },
      imageRef: '127.0.0.1:5000/toolbox@sha256:abc',
      labels: { a: 'b' },
      logPath: '/var/log/pods/x/app/2.log',
    },
  }),
  ListContainers: () => ({ containers: [] }),
  ImageStatus: (req) =>
    (req['image'] as { image: string }).image === 'missing'
      ? {}
      : { image: { id: 'sha256:1', repoTags: ['t'], size: '1032447', uid: { value: '65534' } } },
  ContainerStats: () => ({
    stats: {
      attributes: { id: 'c1', metadata: { name: 'app' } },
      memory: { timestamp: '5', workingSetBytes: { value: '4096' } },
      cpu: { timestamp: '5' },
    },
  }),
  ExecSync: () => ({ stdout: Buffer.from('out'), stderr: Buffer.from('err'), exitCode: 3 }),
  StopPodSandbox: () => {
    throw Object.assign(new Error('an error occurred when try to find sandbox "x": not found'), {
      code: status.NOT_FOUND,
    });
  },
};

let server: Server | undefined;
let dir: string;
let client: CriClient;

function slowly(ms: number): (call: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => void {
  return (_call, cb) => setTimeout(() => cb(null, {}), ms);
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-cri-client-'));
  const def = loadSync(protoFile(), { keepCase: false, longs: String, enums: String, defaults: false });
  const grpcServer = new Server();
  server = grpcServer;
  for (const name of ['RuntimeService', 'ImageService']) {
    const service = def[`runtime.v1.${name}`] as ServiceDefinition;
    const impl: UntypedServiceImplementation = {};
    for (const method of Object.keys(service)) {
      impl[method] = (
        call: ServerUnaryCall<Record<string, unknown>, unknown>,
        cb: sendUnaryData<unknown>,
      ) => {
        seen[method] = call.request;
        const handler = handlers[method];
        try {
          cb(null, handler !== undefined ? handler(call.request) : {});
        } catch (e) {
          cb(e as Error, null);
        }
      };
    }
    if (name === 'RuntimeService') {
      impl['StartContainer'] = slowly(300);
      impl['StopContainer'] = slowly(300);
    }
    grpcServer.addService(service, impl);
  }
  const socket = path.join(dir, 'cri.sock');
  await new Promise<void>((resolve, reject) =>
    grpcServer.bindAsync(`unix://${socket}`, ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  client = new CriClient({ endpoint: socket, requestTimeoutMs: 100 });
});

after(() => {
  client?.close();
  server?.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('endpoints may be paths or unix URLs', () => {
  assert.equal(grpcTarget('/run/c.sock'), 'unix:///run/c.sock');
  assert.equal(grpcTarget('unix:///run/c.sock'), 'unix:///run/c.sock');
});

test('int64 become numbers and unset fields are absent', async () => {
  const v = await client.version('v1');
  assert.equal(v.runtimeVersion, '1.6.20');
  const s = (await client.containerStatus({ containerId: 'c1' })).status;
  assert.equal(typeof s.createdAt, 'number');
  assert.equal(s.startedAt, 1763794872000000000);
  assert.deepEqual(
    [s.state, s.exitCode, s.reason, s.metadata.attempt],
    ['CONTAINER_EXITED', 137, 'OOMKilled', 2],
  );
  assert.deepEqual(s.mounts, []);
  assert.equal(s.resources, undefined);
  assert.equal(seen['ContainerStatus']?.['containerId'], 'c1');
});

test('wrappers are unwrapped in responses and wrapped in requests', async () => {
  const image = (await client.imageStatus({ image: 'x' })).image;
  assert.deepEqual([image?.size, image?.uid], [1032447, 65534]);
  assert.equal((await client.imageStatus({ image: 'missing' })).image, undefined);
  const stats = await client.containerStats('c1');
  assert.equal(stats.memory?.workingSetBytes, 4096);
  assert.equal(stats.cpu?.usageNanoCores, undefined);

  const sandboxConfig = {
    metadata: { name: 'p', uid: 'u', namespace: 'n', attempt: 0 },
    linux: { securityContext: { runAsUser: 0, namespaceOptions: { pid: 'CONTAINER' as const } } },
  };
  await client.runPodSandbox({ config: sandboxConfig });
  const sent = seen['RunPodSandbox'] as { config: { linux: { securityContext: Record<string, unknown> } } };
  assert.deepEqual(sent.config.linux.securityContext['runAsUser'], { value: '0' });
  assert.equal(sent.config.linux.securityContext['runAsGroup'], undefined);

  await client.listContainers({ filter: { state: 'CONTAINER_RUNNING', podSandboxId: 'sb1' } });
  assert.deepEqual(seen['ListContainers'], {
    filter: { state: { state: 'CONTAINER_RUNNING' }, podSandboxId: 'sb1' },
  });
});

test('bytes stay Buffers', async () => {
  const r = await client.execSync({ containerId: 'c1', cmd: ['sh', '-c', 'exit 3'], timeout: 1 });
  assert.deepEqual([r.stdout.toString(), r.stderr.toString(), r.exitCode], ['out', 'err', 3]);
});

test('gRPC errors become typed CriErrors', async () => {
  await assert.rejects(
    client.stopPodSandbox('x'),
    (e: unknown) =>
      isCriError(e, 'NotFound') && e.rpc === 'StopPodSandbox' && /try to find sandbox/.test(e.message),
  );
});

test('calls time out at the default or the per-call deadline', async () => {
  await assert.rejects(client.startContainer('c1'), (e: unknown) => isCriError(e, 'DeadlineExceeded'));
  await client.startContainer('c1', { timeoutMs: 2000 });
  // StopContainer's deadline includes its grace period.
  await client.stopContainer({ containerId: 'c1', timeout: 1 });
});

test('an abort signal cancels the call', async () => {
  const abort = new AbortController();
  const pending = client.startContainer('c1', { signal: abort.signal, timeoutMs: 5000 });
  setTimeout(() => abort.abort(), 20);
  await assert.rejects(pending, (e: unknown) => isCriError(e, 'Canceled'));
  await assert.rejects(client.version('v1', { signal: abort.signal }), (e: unknown) =>
    isCriError(e, 'Canceled'),
  );
});

test('a dead endpoint answers Unavailable', async () => {
  const dead = new CriClient({ endpoint: path.join(dir, 'nothing.sock'), requestTimeoutMs: 2000 });
  try {
    await assert.rejects(dead.version('v1'), (e: unknown) => isCriError(e, 'Unavailable'));
  } finally {
    dead.close();
  }
});
