// A node's client certificate request, as the kubelet's TLS bootstrap makes it: a fresh ECDSA
// P-256 key, a PKCS#10 request for CN=system:node:<name>, O=system:nodes, the usages upstream's
// kubelet asks for, and a CSR name derived from the key, subject and usages (node-csr-<digest>).
import { createHash, webcrypto } from 'node:crypto';
import { Name, PemConverter, Pkcs10CertificateRequestGenerator } from '@peculiar/x509';

/** The usages of a kubelet client certificate request (upstream requestNodeCertificate). */
export const NODE_CLIENT_USAGES: readonly string[] = ['digital signature', 'key encipherment', 'client auth'];

/** A private key and the request signed with it. */
export interface NodeClientRequest {
  /** The private key, PKCS#8 PEM. */
  readonly keyPem: string;
  /** The PKCS#10 request, PEM. */
  readonly requestPem: string;
  /** The CertificateSigningRequest's name. */
  readonly csrName: string;
}

/**
 * The CSR name for a key, subject and usages: the same inputs always give the same name (so a
 * retried request finds its earlier CSR), different ones practically never. Each part is hashed
 * base64url-encoded and followed by "|", which base64url never contains, so parts cannot run into
 * each other.
 */
export function nodeCsrName(
  publicKeySpki: Uint8Array,
  commonName: string,
  organizations: readonly string[],
  usages: readonly string[],
): string {
  const hash = createHash('sha512-256');
  const write = (data: Uint8Array | string) => hash.update(`${Buffer.from(data).toString('base64url')}|`);
  write(publicKeySpki);
  write(commonName);
  for (const o of organizations) write(o);
  for (const u of usages) write(u);
  return `node-csr-${hash.digest('base64url')}`;
}

/** Generates a key and the client certificate request of node `nodeName`. */
export async function newNodeClientRequest(nodeName: string): Promise<NodeClientRequest> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const commonName = `system:node:${nodeName}`;
  const organizations = ['system:nodes'];
  const request = await Pkcs10CertificateRequestGenerator.create(
    {
      // Organization before common name, the order Go's pkix.Name writes them in.
      name: new Name([
        ...organizations.map((o) => ({ O: [{ utf8String: o }] })),
        { CN: [{ utf8String: commonName }] },
      ]),
      keys,
      signingAlgorithm: algorithm,
    },
    webcrypto,
  );
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    keyPem: `${PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`,
    requestPem: `${request.toString('pem')}\n`,
    csrName: nodeCsrName(spki, commonName, organizations, NODE_CLIENT_USAGES),
  };
}
