// Upstream's check of status.certificate (validateCertificate in the certificates validation):
// one or more CERTIFICATE PEM blocks without headers, each holding parseable certificates; text
// around the blocks is allowed.
import { X509Certificate } from '@peculiar/x509';
import { goQuote } from '../validation/go-quote.js';
import { readDerElement } from './der.js';
import { decodeAllPem } from './pem.js';

// Go's x509.ParseCertificates: the block may hold several concatenated DER certificates.
function parseCertificates(der: Buffer): number {
  let count = 0;
  for (let at = 0; at < der.length;) {
    const el = readDerElement(der, at);
    new X509Certificate(der.subarray(el.start, el.end));
    count++;
    at = el.end;
  }
  return count;
}

/** Why `pemData` is no acceptable issued certificate, or undefined (also for empty data). */
export function issuedCertificateError(pemData: Buffer): string | undefined {
  if (pemData.length === 0) return undefined;
  const blocks = decodeAllPem(pemData);
  for (const block of blocks) {
    if (block.type !== 'CERTIFICATE')
      return `only CERTIFICATE PEM blocks are allowed, found ${goQuote(block.type)}`;
    if (Object.keys(block.headers).length > 0) return 'no PEM block headers are permitted';
    let count: number;
    try {
      count = parseCertificates(block.bytes);
    } catch {
      return 'x509: malformed certificate';
    }
    if (count === 0) return 'found CERTIFICATE PEM block containing 0 certificates';
  }
  if (blocks.length === 0) return 'must contain at least one CERTIFICATE PEM block';
  return undefined;
}
