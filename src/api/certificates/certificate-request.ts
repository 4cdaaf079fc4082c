// A PKCS#10 request as upstream reads spec.request (certificates.ParseCSR: the first PEM block
// must be a CERTIFICATE REQUEST, then x509.ParseCertificateRequest), with the fields the
// admission plugins, signers and approver look at.
import { type GeneralName, Pkcs10CertificateRequest, SubjectAlternativeNameExtension } from '@peculiar/x509';
import { certificateRequestSignatureError, splitCertificateRequest } from './csr-signature.js';
import { decodePem } from './pem.js';

/** What a parsed certificate request says about itself. */
export interface CertificateRequest {
  /** The request's DER encoding (the PEM block's bytes). */
  readonly der: Buffer;
  /** Subject CN (the last one, as Go's pkix.Name keeps it; '' when absent). */
  readonly commonName: string;
  /** Subject O values, in order. */
  readonly organizations: readonly string[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly emailAddresses: readonly string[];
  readonly uris: readonly string[];
  /** The parsed request, for building a certificate from it. */
  readonly parsed: Pkcs10CertificateRequest;
}

const subjectAltNameOid = '2.5.29.17';

function subjectAltNames(parsed: Pkcs10CertificateRequest): readonly GeneralName[] {
  const ext = parsed.extensions.find((e) => e.type === subjectAltNameOid);
  if (ext === undefined) return [];
  const san =
    ext instanceof SubjectAlternativeNameExtension ? ext : new SubjectAlternativeNameExtension(ext.rawData);
  return san.names.items;
}

/**
 * Parses the PEM `request` bytes of a CertificateSigningRequest; throws an Error carrying
 * upstream's message ("PEM block type must be CERTIFICATE REQUEST", ...) when it is not one.
 */
export function parseCertificateRequest(pemBytes: Buffer): CertificateRequest {
  const { block } = decodePem(pemBytes);
  if (block === undefined || block.type !== 'CERTIFICATE REQUEST')
    throw new Error('PEM block type must be CERTIFICATE REQUEST');
  // Our own walk first: it reports structural damage with Go's wording and rejects trailing data.
  splitCertificateRequest(block.bytes);
  let parsed: Pkcs10CertificateRequest;
  let names: readonly GeneralName[];
  try {
    parsed = new Pkcs10CertificateRequest(block.bytes);
    names = subjectAltNames(parsed);
  } catch {
    throw new Error('x509: malformed certificate request');
  }
  const ofType = (type: GeneralName['type']) => names.filter((n) => n.type === type).map((n) => n.value);
  const commonNames = parsed.subjectName.getField('CN');
  return {
    der: block.bytes,
    commonName: commonNames[commonNames.length - 1] ?? '',
    organizations: parsed.subjectName.getField('O'),
    dnsNames: ofType('dns'),
    ipAddresses: ofType('ip'),
    emailAddresses: ofType('email'),
    uris: ofType('url'),
    parsed,
  };
}

/**
 * Upstream's validateCSR: the request parses and its signature verifies. Returns the error
 * message validation reports, or undefined.
 */
export function certificateRequestError(pemBytes: Buffer): string | undefined {
  let request: CertificateRequest;
  try {
    request = parseCertificateRequest(pemBytes);
  } catch (err) {
    return (err as Error).message;
  }
  return certificateRequestSignatureError(request.der);
}
