const brokenConnectionCodes: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

/** True when the server could not be reached at all: nothing was sent, so any verb may be retried. */
export function isConnectionRefused(err: unknown): boolean {
  return codeOf(err) === 'ECONNREFUSED';
}

/**
 * True for a connection that failed or broke (refused, reset, timed out, closed early) as opposed
 * to an answer from the server; client-go's IsProbableEOF family.
 */
export function isConnectionError(err: unknown): boolean {
  const code = codeOf(err);
  return typeof code === 'string' && brokenConnectionCodes.has(code);
}
