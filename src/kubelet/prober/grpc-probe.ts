import { Client, credentials, Metadata, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { Cancel, Clock } from '../../base/clock.js';
import { formatGoDuration } from '../../base/go-duration.js';
import { joinHostPort } from './container-port.js';
import { goDialError } from './go-net-error.js';
import {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  healthCheckPath,
  servingStatus,
  servingStatusName,
  type HealthCheckResponse,
} from './grpc-health-protocol.js';
import { kubeUserAgent } from './http-get-request.js';
import { outcome, type ProbeOutcome } from './probe-outcome.js';

// Go's names for gRPC codes, as its status errors print them ("rpc error: code = NotFound desc = ...").
const goCodeNames = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

// grpc-js reports a failed connect as "... connect ECONNREFUSED 127.0.0.1:5000 ..."; grpc-go as the
// dial error inside a transport error. Render the latter so messages read as upstream's.
function goDescription(err: ServiceError, address: string): string {
  const refused = /connect (E[A-Z]+)/.exec(err.details);
  if (err.code === grpcStatus.UNAVAILABLE && refused !== null) {
    const dial = goDialError(address, { code: refused[1] });
    return `connection error: desc = "transport: Error while dialing: ${dial}"`;
  }
  return err.details;
}

/**
 * One grpc probe: grpc.health.v1.Health/Check for `service` on host:port over plain HTTP/2 within
 * the timeout. SERVING succeeds ("service healthy"); another status, an error status or no answer
 * fails with upstream's messages.
 */
export function runGrpcProbe(
  host: string,
  port: number,
  service: string,
  timeoutSeconds: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const address = joinHostPort(host, port);
  const timeoutText = formatGoDuration(timeoutSeconds * 1000);
  const client = new Client(address, credentials.createInsecure(), {
    'grpc.primary_user_agent': kubeUserAgent('probe'),
    // Upstream dials the pod directly; a proxy from the environment must not get in the way.
    'grpc.enable_http_proxy': 0,
  });
  return new Promise<ProbeOutcome>((resolve, reject) => {
    let timedOut = false;
    let aborted = false;
    // Assigned right after the call starts; grpc-js never answers synchronously.
    let cancelTimer: Cancel = () => {};
    const onAbort = () => {
      aborted = true;
      call.cancel();
    };
    const call = client.makeUnaryRequest(
      healthCheckPath,
      encodeHealthCheckRequest,
      decodeHealthCheckResponse,
      { service },
      new Metadata(),
      (err: ServiceError | null, res?: HealthCheckResponse) => {
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
        if (aborted) return reject(signal?.reason);
        if (timedOut || err?.code === grpcStatus.DEADLINE_EXCEEDED) {
          return resolve(outcome('failure', `timeout: health rpc did not complete within ${timeoutText}`));
        }
        if (err) {
          if (err.code === grpcStatus.UNIMPLEMENTED) {
            return resolve(
              outcome(
                'failure',
                `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${err.details}`,
              ),
            );
          }
          const code = goCodeNames[err.code] ?? `Code(${err.code})`;
          return resolve(
            outcome(
              'failure',
              `error: health rpc probe failed: rpc error: code = ${code} desc = ${goDescription(err, address)}`,
            ),
          );
        }
        const status = res?.status ?? servingStatus.UNKNOWN;
        if (status !== servingStatus.SERVING) {
          return resolve(
            outcome('failure', `service unhealthy (responded with "${servingStatusName(status)}")`),
          );
        }
        resolve(outcome('success', 'service healthy'));
      },
    );
    // The deadline runs on the injected clock, so tests can let it pass without waiting.
    cancelTimer = clock.after(timeoutSeconds * 1000, () => {
      timedOut = true;
      call.cancel();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
  }).finally(() => client.close());
}
