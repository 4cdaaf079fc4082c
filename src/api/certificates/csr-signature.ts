// Synchronous verification of a PKCS#10 request's self-signature (Go's
// CertificateRequest.CheckSignature): validation runs synchronously, and WebCrypto cannot.
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { BIT_STRING, decodeOid, derChildren, OBJECT_IDENTIFIER, readDerElement, SEQUENCE } from './der.js';

interface SignatureScheme {
  /** Node's digest name, or null for Ed25519 (which hashes internally). */
  readonly hash: string | null;
  readonly key: 'rsa' | 'ec' | 'ed25519' | 'rsa-pss';
}

// The signature algorithms Go's x509 verifies on certificate requests (SHA-1 included: Go allows
// it for requests).
const schemes: Readonly<Record<string, SignatureScheme>> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', key: 'rsa' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'rsa' },
  '1.2.840.113549.1.1.10': { hash: 'sha256', key: 'rsa-pss' },
  '1.2.840.10045.4.1': { hash: 'sha1', key: 'ec' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ec' },
  '1.3.101.112': { hash: null, key: 'ed25519' },
};

const pssHashes: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const failureMessages: Readonly<Record<SignatureScheme['key'], string>> = {
  rsa: 'crypto/rsa: verification error',
  'rsa-pss': 'crypto/rsa: verification error',
  ec: 'x509: ECDSA verification failure',
  ed25519: 'x509: Ed25519 verification failure',
};

/** The parts of a DER CertificationRequest a signature check needs. */
export interface SignedRequestParts {
  /** The CertificationRequestInfo exactly as encoded: what the signature covers. */
  readonly tbs: Buffer;
  /** The SubjectPublicKeyInfo, DER. */
  readonly spki: Buffer;
  readonly algorithmOid: string;
  /** The AlgorithmIdentifier's parameters, DER (RSA-PSS carries its hash there). */
  readonly algorithmParams: Buffer | undefined;
  readonly signature: Buffer;
}

/** Splits a DER PKCS#10 request into its signed parts; throws Go-like messages on malformed input. */
export function splitCertificateRequest(der: Buffer): SignedRequestParts {
  const outer = readDerElement(der, 0);
  if (outer.tag !== SEQUENCE) throw new Error('x509: malformed certificate request');
  if (outer.end !== der.length) throw new Error('x509: trailing data');
  const [tbs, algorithm, signature] = derChildren(der, outer);
  if (tbs?.tag !== SEQUENCE || algorithm?.tag !== SEQUENCE || signature?.tag !== BIT_STRING)
    throw new Error('x509: malformed certificate request');
  const info = derChildren(der, tbs);
  const spki = info[2];
  if (spki?.tag !== SEQUENCE) throw new Error('x509: malformed certificate request');
  const [oid, params] = derChildren(der, algorithm);
  if (oid?.tag !== OBJECT_IDENTIFIER) throw new Error('x509: malformed signature algorithm identifier');
  if (signature.end - signature.contentStart < 1) throw new Error('x509: malformed signature');
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    spki: der.subarray(spki.start, spki.end),
    algorithmOid: decodeOid(der, oid),
    algorithmParams: params ? der.subarray(params.start, params.end) : undefined,
    // The first content byte counts unused bits; signatures are whole bytes.
    signature: der.subarray(signature.contentStart + 1, signature.end),
  };
}

// RSASSA-PSS-params: [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength; Go accepts SHA-2 only.
function pssOptions(params: Buffer | undefined): { hash: string; saltLength: number } | undefined {
  if (params === undefined) return undefined;
  const seq = readDerElement(params, 0);
  let hash: string | undefined;
  let saltLength = 20;
  for (const field of derChildren(params, seq)) {
    if (field.tag === 0xa0) {
      const algorithm = derChildren(params, field)[0];
      const oid = algorithm ? derChildren(params, algorithm)[0] : undefined;
      if (oid?.tag === OBJECT_IDENTIFIER) hash = pssHashes[decodeOid(params, oid)];
    } else if (field.tag === 0xa2) {
      const value = derChildren(params, field)[0];
      if (value)
        saltLength = params
          .subarray(value.contentStart, value.end)
          .readUIntBE(0, value.end - value.contentStart);
    }
  }
  return hash === undefined ? undefined : { hash, saltLength };
}

function keyMatches(key: KeyObject, scheme: SignatureScheme): boolean {
  const type = key.asymmetricKeyType;
  if (scheme.key === 'rsa' || scheme.key === 'rsa-pss') return type === 'rsa' || type === 'rsa-pss';
  return type === scheme.key;
}

/**
 * Verifies a DER PKCS#10 request's signature with its own public key. Returns undefined when it
 * holds, else Go's error text ("x509: ECDSA verification failure", ...).
 */
export function certificateRequestSignatureError(der: Buffer): string | undefined {
  let parts: SignedRequestParts;
  try {
    parts = splitCertificateRequest(der);
  } catch (err) {
    return (err as Error).message;
  }
  const scheme = schemes[parts.algorithmOid];
  if (scheme === undefined) return 'x509: cannot verify signature: algorithm unimplemented';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: parts.spki, format: 'der', type: 'spki' });
  } catch {
    return 'x509: unsupported public key';
  }
  if (!keyMatches(key, scheme)) {
    return `x509: signature algorithm specifies an ${scheme.key === 'ec' ? 'ECDSA' : scheme.key.toUpperCase()} public key, but have public key of type ${key.asymmetricKeyType ?? 'unknown'}`;
  }
  try {
    if (scheme.key === 'rsa-pss') {
      const pss = pssOptions(parts.algorithmParams);
      if (pss === undefined) return 'x509: cannot verify signature: algorithm unimplemented';
      const ok = verify(
        pss.hash,
        parts.tbs,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
        parts.signature,
      );
      return ok ? undefined : failureMessages[scheme.key];
    }
    const ok =
      scheme.key === 'ec'
        ? verify(scheme.hash, parts.tbs, { key, dsaEncoding: 'der' }, parts.signature)
        : verify(scheme.hash, parts.tbs, key, parts.signature);
    return ok ? undefined : failureMessages[scheme.key];
  } catch {
    return failureMessages[scheme.key];
  }
}
