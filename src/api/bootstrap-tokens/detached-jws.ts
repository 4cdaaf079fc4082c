// Detached JWS signatures of cluster-info (RFC 7515 appendix F): an HS256 JWS over the kubeconfig
// text, keyed by the token secret, with the payload left out — `<header>..<signature>`. The header
// bytes must match upstream's exactly ({"alg":"HS256","kid":"<token id>"}, keys in that order), since
// verifiers compare whole signature strings.
import { createHmac, timingSafeEqual } from 'node:crypto';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** The detached JWS of `content` signed with the token `tokenId`.`tokenSecret`. */
export function computeDetachedSignature(content: string, tokenId: string, tokenSecret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', kid: tokenId }));
  const signingInput = `${header}.${base64url(content)}`;
  // HMAC pads short keys with zeros anyway, so this equals upstream's zero-padding to 32 bytes.
  const signature = createHmac('sha256', Buffer.from(tokenSecret, 'utf8')).update(signingInput).digest();
  return `${header}..${base64url(signature)}`;
}

/** True when `signature` is the detached JWS of `content` under the given token (constant-time). */
export function detachedSignatureIsValid(
  signature: string,
  content: string,
  tokenId: string,
  tokenSecret: string,
): boolean {
  const expected = Buffer.from(computeDetachedSignature(content, tokenId, tokenSecret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
