// Asking the cluster for a node client certificate with bootstrap credentials: create the
// CertificateSigningRequest (signer kubernetes.io/kube-apiserver-client-kubelet), then wait until
// the csrapproving controller approved it and csrsigning issued the certificate — or someone
// denied it, or it failed.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { newNodeClientRequest, NODE_CLIENT_USAGES } from './node-client-request.js';

const csrResource = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };

/** The signer of kubelet client certificates. */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';

/** An issued client certificate and its key. */
export interface NodeClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What requestNodeCertificate needs. */
export interface RequestNodeCertificateOptions {
  /** A client with bootstrap credentials (may create, get and watch CSRs). */
  readonly client: KubeClient;
  readonly nodeName: string;
  /** Gives up waiting for the certificate when this aborts (upstream waits an hour). */
  readonly signal: AbortSignal;
}

/**
 * The certificate of a finished request, undefined while it waits, or an Error once it is denied
 * or failed (upstream's WaitForCertificate rules).
 */
export function issuedCertificate(csr: CertificateSigningRequest): string | Error | undefined {
  for (const c of csr.status?.conditions ?? []) {
    if (c.type === 'Denied' || c.type === 'Failed')
      return new Error(
        `certificate signing request ${csr.metadata?.name ?? ''} is ${c.type === 'Denied' ? 'denied' : 'failed'}, reason: ${c.reason ?? ''}, message: ${c.message ?? ''}`,
      );
  }
  const approved = csr.status?.conditions?.some((c) => c.type === 'Approved') ?? false;
  const cert = csr.status?.certificate;
  return approved && cert ? Buffer.from(cert, 'base64').toString('utf8') : undefined;
}

async function waitForCertificate(
  csrs: ResourceClient<CertificateSigningRequest>,
  name: string,
  uid: string,
  signal: AbortSignal,
): Promise<string> {
  for (;;) {
    signal.throwIfAborted();
    const current = await csrs.get(name);
    if (current.metadata?.uid !== uid) throw new Error(`certificate signing request ${name} was replaced`);
    const first = issuedCertificate(current);
    if (first instanceof Error) throw first;
    if (first !== undefined) return first;
    const watch = await csrs.watch({
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: current.metadata?.resourceVersion ?? '',
      timeoutSeconds: 300,
      signal,
    });
    for await (const event of watch) {
      if (event.type === 'DELETED') throw new Error(`certificate signing request ${name} was deleted`);
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
      const outcome = issuedCertificate(event.object);
      if (outcome instanceof Error) throw outcome;
      if (outcome !== undefined) {
        watch.stop();
        return outcome;
      }
    }
    // The watch ended (timeout or a broken connection): look again and keep waiting.
  }
}

/** Requests a client certificate for `nodeName` and resolves with it once issued. */
export async function requestNodeCertificate(
  options: RequestNodeCertificateOptions,
): Promise<NodeClientCertificate> {
  const { keyPem, requestPem, csrName } = await newNodeClientRequest(options.nodeName);
  const csrs = options.client.resource<CertificateSigningRequest>(csrResource);
  const request = Buffer.from(requestPem, 'utf8').toString('base64');
  let created: CertificateSigningRequest;
  try {
    created = await csrs.create({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: csrName },
      spec: { request, signerName: KUBELET_CLIENT_SIGNER, usages: [...NODE_CLIENT_USAGES] },
    });
  } catch (err) {
    if (isStatusError(err, 'Unauthorized'))
      throw new Error(
        'the apiserver refused the bootstrap token (401 Unauthorized): is it expired or revoked?',
        {
          cause: err,
        },
      );
    throw err;
  }
  const certPem = await waitForCertificate(csrs, csrName, created.metadata?.uid ?? '', options.signal);
  return { certPem, keyPem };
}
