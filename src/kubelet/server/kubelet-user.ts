// Who a kubelet API request comes from (upstream's user.Info): the identity of a client certificate
// that chained to the client CA — CN the user, every O a group, as the x509 authenticator reads it —
// a TokenReview's user, or system:anonymous.
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** An authenticated user. */
export interface KubeletUser {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** The user of requests without credentials (with --anonymous-auth). */
export const anonymousUser: KubeletUser = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The group every authenticated user is in. */
export const authenticatedGroup = 'system:authenticated';

function values(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? [...v] : [v];
}

/**
 * The user of a TLS connection whose client certificate verified against the client CA, or
 * undefined (no certificate, or one that did not verify: the server asks with rejectUnauthorized
 * false so token clients still connect, and `authorized` is the proof).
 */
export function certificateUser(socket: TLSSocket): KubeletUser | undefined {
  if (!socket.authorized) return undefined;
  const cert: PeerCertificate | null = socket.getPeerCertificate();
  const subject = cert?.subject as Partial<Record<string, string | string[]>> | undefined;
  // Go's pkix.Name keeps the last CN when there are several.
  const name = values(subject?.['CN']).at(-1);
  if (name === undefined || name === '') return undefined;
  return { name, groups: [...values(subject?.['O']), authenticatedGroup] };
}
