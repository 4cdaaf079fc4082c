import type { MessagePort } from 'node:worker_threads';
import type { Duplex } from 'node:stream';
import type { ApiServer } from '../../apiserver/api-server.js';
import type { UserInfo } from '../../apiserver/http/api-request.js';
import { PortLink } from '../../base/port-link.js';
import type { EmbeddedServer } from '../embedded-client.js';

/** What a thread needs to know of the apiserver besides its connections: plain, cloneable data. */
export type ServerFacts = Omit<EmbeddedServer, 'inProcessConnection'>;

/** The facts of `server` to hand to another thread. */
export function serverFacts(server: ApiServer): ServerFacts {
  return {
    url: server.url,
    kubeconfigPath: server.kubeconfigPath,
    pki: { dir: server.pki.dir, ca: { ...server.pki.ca } },
  };
}

/**
 * The apiserver's thread's side of a ServerLink: every connection opened over `port` is served by
 * `server` as an in-process connection, as the user the opener named. The link does not keep the
 * thread alive.
 */
export function serveServerLink(server: ApiServer, port: MessagePort): PortLink {
  return new PortLink(port, (socket, user) => {
    try {
      server.acceptInProcessConnection(socket, user as UserInfo | undefined);
    } catch {
      // The server is closing: the socket was destroyed, and the client sees a reset.
    }
  });
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
  private readonly link: PortLink;

  constructor(facts: ServerFacts, port: MessagePort) {
    this.url = facts.url;
    this.kubeconfigPath = facts.kubeconfigPath;
    this.pki = facts.pki;
    this.link = new PortLink(port);
  }

  inProcessConnection(user?: UserInfo): Duplex {
    return this.link.open(user);
  }
}
