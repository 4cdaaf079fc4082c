import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../http/api-request.js';
import { userFromTlsSocket } from '../pki/user-from-peer-certificate.js';

// A connection's client certificate never changes, and reading it is costly: decode it once per socket.
const usersBySocket = new WeakMap<TLSSocket, ReturnType<typeof userFromTlsSocket> | null>();
function socketUser(socket: TLSSocket): ReturnType<typeof userFromTlsSocket> {
  let user = usersBySocket.get(socket);
  if (user === undefined) {
    user = userFromTlsSocket(socket) ?? null;
    usersBySocket.set(socket, user);
  }
  return user ?? undefined;
}

/**
 * The authentication stage: who a request comes from, from its credentials (a client certificate
 * signed by the cluster CA), or undefined when it presents none that are valid (anonymous).
 */
export class RequestAuthenticator {
  /** The authenticated user (with system:authenticated added), or undefined for anonymous. */
  async authenticate(req: IncomingMessage): Promise<UserInfo | undefined> {
    const user = socketUser(req.socket as TLSSocket);
    if (user === undefined) return undefined;
    return { name: user.name, groups: [...user.groups, 'system:authenticated'] };
  }
}
