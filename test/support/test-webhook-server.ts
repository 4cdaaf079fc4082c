/**
 * An admission webhook for tests: an HTTPS server on 127.0.0.1 (a free port) with its own CA,
 * made with the project's PKI helpers (@peculiar/x509). Each POSTed AdmissionReview is recorded
 * and answered by the handler for its path; `caBundle` goes into a webhook configuration.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../../src/api/object.js';
import { createCertificateAuthority } from '../../src/apiserver/pki/certificate-authority.js';
import { issueServingCertificate } from '../../src/apiserver/pki/issue-serving-certificate.js';

/** The `request` of an AdmissionReview, as a webhook receives it (the fields tests look at). */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly name?: string;
  readonly namespace?: string;
  readonly operation: string;
  readonly userInfo: { readonly username: string; readonly groups?: readonly string[] };
  readonly object: KubeObject | null;
  readonly oldObject: KubeObject | null;
  readonly dryRun: boolean;
  readonly options: KubeObject | null;
}

/** What a handler answers: the AdmissionReview `response` without its uid (filled in). */
export type AdmissionReply = Record<string, unknown>;

/** A running test webhook. */
export interface TestWebhookServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The CA certificate (PEM) base64-encoded, as webhook configurations carry it. */
  readonly caBundle: string;
  /** Every request received so far, with the path it came to. */
  readonly requests: { path: string; query: string; request: AdmissionRequest }[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts the server; `handlers` maps a path ("/mutate") to the answer for a request. */
export async function startTestWebhookServer(
  handlers: Readonly<Record<string, (request: AdmissionRequest) => AdmissionReply>>,
): Promise<TestWebhookServer> {
  const ca = await createCertificateAuthority({ commonName: 'test-webhook-ca' });
  const serving = await issueServingCertificate(ca, {
    names: { dnsNames: ['localhost'], ips: ['127.0.0.1'] },
  });
  const requests: TestWebhookServer['requests'] = [];
  const server: Server = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const handler = handlers[url.pathname];
      if (handler === undefined || req.method !== 'POST') {
        res.writeHead(404).end('not found');
        return;
      }
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: AdmissionRequest };
      requests.push({ path: url.pathname, query: url.search, request: review.request });
      const body = JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: review.request.uid, ...handler(review.request) },
      });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caBundle: Buffer.from(ca.certPem).toString('base64'),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
