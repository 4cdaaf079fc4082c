import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Duplex } from 'node:stream';
import type { ApiServer } from '../../apiserver/api-server.js';
import type { UserInfo } from '../../apiserver/http/api-request.js';
import type { PkiPair } from '../../apiserver/pki/ensure-cluster-pki.js';
import { PortSocket } from '../../base/port-socket.js';
import type { EmbeddedServer } from '../embedded-client.js';

/** What a thread needs to know of the apiserver besides its connections: plain, cloneable data. */
export interface ServerFacts {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly pki: { readonly dir: string; readonly ca: PkiPair };
}

/** A request for one connection: the port the client end talks over, and who it is. */
interface ConnectRequest {
  readonly port: MessagePort;
  readonly user?: UserInfo;
}

/** The facts of `server` to hand to another thread. */
export function serverFacts(server: ApiServer): ServerFacts {
  return {
    url: server.url,
    kubeconfigPath: server.kubeconfigPath,
    pki: { dir: server.pki.dir, ca: { ...server.pki.ca } },
  };
}

/**
 * The apiserver's thread's side of a ServerLink: every connection asked for over `broker` is served
 * by `server` as an in-process connection. The broker does not keep the thread alive.
 */
export function serveServerLink(server: ApiServer, broker: MessagePort): void {
  broker.on('message', ({ port, user }: ConnectRequest) => {
    try {
      server.acceptInProcessConnection(new PortSocket(port, { allowHalfOpen: true }), user);
    } catch {
      // The server is closing: the socket was destroyed, and the client sees a reset.
    }
  });
  broker.unref();
}

/**
 * The apiserver as a component in another thread of its process sees it: in-process connections
 * are PortSockets whose other ends the apiserver's thread serves (serveServerLink). The same HTTP,
 * authentication and authorization as over any in-process connection; only the bytes cross threads.
 */
export class ServerLink implements EmbeddedServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly pki: ServerFacts['pki'];

  constructor(
    facts: ServerFacts,
    private readonly broker: MessagePort,
  ) {
    this.url = facts.url;
    this.kubeconfigPath = facts.kubeconfigPath;
    this.pki = facts.pki;
    broker.unref();
  }

  inProcessConnection(user?: UserInfo): Duplex {
    const { port1, port2 } = new MessageChannel();
    const request: ConnectRequest = { port: port2, ...(user !== undefined ? { user } : {}) };
    this.broker.postMessage(request, [port2]);
    return new PortSocket(port1, { allowHalfOpen: false });
  }
}
