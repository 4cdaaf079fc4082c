import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { FakeClock, systemClock } from '../../base/clock.js';
import {
  healthServiceDefinition,
  servingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from './grpc-health-protocol.js';
import { runGrpcProbe } from './grpc-probe.js';

async function startServer(withHealth: boolean): Promise<{ server: Server; port: number }> {
  const server = new Server();
  if (withHealth) {
    server.addService(healthServiceDefinition, {
      Check: (
        call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
        reply: sendUnaryData<HealthCheckResponse>,
      ) => {
        agents.push(String(call.metadata.get('user-agent')[0] ?? ''));
        const answer = statuses[call.request.service];
        if (answer === 'hang') return;
        if (answer === undefined) return reply({ code: status.NOT_FOUND, details: 'unknown service' });
        reply(null, { status: answer });
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { server, port };
}

const statuses: Record<string, number | 'hang'> = {
  '': servingStatus.SERVING,
  down: servingStatus.NOT_SERVING,
  slow: 'hang',
};
const agents: string[] = [];

describe('grpc probe', () => {
  let health: { server: Server; port: number };
  let bare: { server: Server; port: number };
  before(async () => {
    health = await startServer(true);
    bare = await startServer(false);
  });
  after(() => {
    health.server.forceShutdown();
    bare.server.forceShutdown();
  });

  it('succeeds when the service is SERVING and identifies as kube-probe', async () => {
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, '', 1, systemClock), {
      verdict: 'success',
      output: 'service healthy',
    });
    assert.match(agents[0] ?? '', /^kube-probe\/1\.32/);
  });

  it('fails for another serving status or an error status', async () => {
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, 'down', 1, systemClock), {
      verdict: 'failure',
      output: 'service unhealthy (responded with "NOT_SERVING")',
    });
    assert.deepEqual(await runGrpcProbe('127.0.0.1', health.port, 'other', 1, systemClock), {
      verdict: 'failure',
      output: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    });
  });

  it('fails for a server without the health service', async () => {
    const result = await runGrpcProbe('127.0.0.1', bare.port, '', 1, systemClock);
    assert.equal(result.verdict, 'failure');
    assert.match(
      result.output,
      /^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\): /,
    );
  });

  it('fails at the timeout on the injected clock', async () => {
    const clock = new FakeClock();
    const calls = agents.length;
    const pending = runGrpcProbe('127.0.0.1', health.port, 'slow', 3, clock);
    // Let the call reach the server (real I/O) before the fake deadline passes.
    while (agents.length === calls) await new Promise((r) => setTimeout(r, 5));
    await clock.advance(3_000);
    assert.deepEqual(await pending, {
      verdict: 'failure',
      output: 'timeout: health rpc did not complete within 3s',
    });
  });

  it('fails with a connection error when nothing listens', async () => {
    const gone = await startServer(true);
    gone.server.forceShutdown();
    const result = await runGrpcProbe('127.0.0.1', gone.port, '', 1, systemClock);
    assert.equal(
      result.output,
      `error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:${gone.port}: connect: connection refused"`,
    );
  });
});
