import { connect } from 'node:net';
import type { Clock } from '../../base/clock.js';
import { goDialError, goDialTimeout } from './go-net-error.js';
import { joinHostPort } from './container-port.js';
import { outcome, type ProbeOutcome } from './probe-outcome.js';

/**
 * One tcpSocket probe: success when a connection to host:port opens within the timeout (it is
 * closed at once), otherwise a failure quoting Go's dial error.
 */
export function runTcpProbe(
  host: string,
  port: number,
  timeoutSeconds: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const address = joinHostPort(host, port);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let settled = false;
    const settle = (result: ProbeOutcome | undefined, err?: unknown) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
      // Late socket errors after the verdict are of no interest, but must not go unhandled.
      socket.on('error', () => {});
      // A reset rather than a FIN: upstream sets a short linger so probes leave no TIME_WAIT behind.
      if (result?.verdict === 'success') socket.resetAndDestroy();
      else socket.destroy();
      if (result !== undefined) resolve(result);
      else reject(err);
    };
    const cancelTimer = clock.after(timeoutSeconds * 1000, () =>
      settle(outcome('failure', goDialTimeout(address))),
    );
    const onAbort = () => settle(undefined, signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    socket.once('connect', () => settle(outcome('success', '')));
    socket.once('error', (err) => settle(outcome('failure', goDialError(address, err))));
  });
}
