import type { ServerResponse } from 'node:http';

/** Quotes a warning text as kubectl requires: a quoted-string with `"` and `\` escaped (kubectl-protocol §3.7). */
export function warningHeaderValue(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Sends `body` (an object, or JSON already serialized as text or bytes) with the given status and warnings. */
export function writeJson(
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  options: { warnings?: readonly string[]; contentType?: string; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': options.contentType ?? 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
    ...options.headers,
  };
  if (options.warnings && options.warnings.length > 0)
    headers['Warning'] = options.warnings.map(warningHeaderValue);
  res.writeHead(statusCode, headers);
  res.end(text);
}

/** Sends plain text (health checks, logs). */
export function writeText(res: ServerResponse, statusCode: number, text: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(statusCode, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache, private',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Refuses an overloaded request as upstream's limiters do (net/http's http.Error): 429, plain
 * text, with Retry-After. Clients turn it into a TooManyRequests error and retry after the hint.
 */
export function writeTooManyRequests(res: ServerResponse, retryAfterSeconds: number): void {
  if (res.headersSent || res.destroyed) return;
  res.setHeader('Retry-After', String(retryAfterSeconds));
  writeText(res, 429, 'Too many requests, please try again later.\n');
}
