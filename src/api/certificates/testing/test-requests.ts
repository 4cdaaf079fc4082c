// Builds real PKCS#10 requests for tests (never used by production code).
import { webcrypto } from 'node:crypto';
import {
  type JsonGeneralName,
  Name,
  Pkcs10CertificateRequestGenerator,
  SubjectAlternativeNameExtension,
} from '@peculiar/x509';

/** What a test request should say. */
export interface TestRequestOptions {
  readonly commonName: string;
  readonly organizations?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Key type: ECDSA P-256 (default) or RSA 2048. */
  readonly key?: 'ec' | 'rsa';
}

/** A fresh key pair and a PEM certificate request signed with it. */
export interface TestRequest {
  readonly pem: string;
  /** The private key, PKCS#8 PEM. */
  readonly keyPem: string;
}

function toPem(type: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** Generates a key pair and a PEM PKCS#10 request for the given subject and SANs. */
export async function generateTestRequest(options: TestRequestOptions): Promise<TestRequest> {
  const algorithm =
    options.key === 'rsa'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          hash: 'SHA-256',
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: 2048,
        }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const sans: JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const csr = await Pkcs10CertificateRequestGenerator.create(
    {
      name: new Name([
        ...(options.organizations ?? []).map((o) => ({ O: [{ utf8String: o }] })),
        { CN: [{ utf8String: options.commonName }] },
      ]),
      keys,
      signingAlgorithm: algorithm,
      extensions: sans.length > 0 ? [new SubjectAlternativeNameExtension(sans)] : [],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { pem: csr.toString('pem') + '\n', keyPem: toPem('PRIVATE KEY', pkcs8) };
}

/** `pem` as the base64 a CertificateSigningRequest's spec.request carries in JSON. */
export function requestField(pem: string): string {
  return Buffer.from(pem).toString('base64');
}
