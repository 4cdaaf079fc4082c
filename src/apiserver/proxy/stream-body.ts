import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Streams a backend's body to the client once the client's headers are set: the headers go out
 * at once (a quiet stream — a log follow, a watch through a proxy — must still be seen to start),
 * and the copy ends when either side closes; a client that left stops the backend.
 */
export async function streamBackendBody(response: IncomingMessage, res: ServerResponse): Promise<void> {
  res.flushHeaders();
  response.pipe(res);
  await new Promise<void>((resolve) => {
    res.once('close', resolve);
    response.once('close', resolve);
  });
  if (!res.writableFinished) response.destroy();
}
