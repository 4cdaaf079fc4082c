import type { Container } from 'kubernetes-types/core/v1.js';
import { goQuote } from '../../api/validation/go-quote.js';

/** A port that could not be resolved, with upstream's wording. */
export class PortResolutionError extends Error {
  override readonly name = 'PortResolutionError';
}

/**
 * The port number a probe or hook targets: a number, a named container port, or a number written
 * as a string (upstream's "last ditch effort"); it must be 1..65535.
 */
export function resolveContainerPort(port: number | string, container: Container): number {
  let n: number;
  if (typeof port === 'number') {
    n = port;
  } else {
    const named = container.ports?.find((p) => p.name === port);
    if (named !== undefined) {
      n = named.containerPort;
    } else if (/^[+-]?\d+$/.test(port)) {
      n = Number(port);
    } else {
      throw new PortResolutionError(`strconv.Atoi: parsing ${goQuote(port)}: invalid syntax`);
    }
  }
  if (Number.isInteger(n) && n > 0 && n < 65536) return n;
  throw new PortResolutionError(`invalid port number: ${n}`);
}

/** "host:port", with IPv6 literals in brackets (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
