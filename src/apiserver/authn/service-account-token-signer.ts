import { CompactSign } from 'jose';
import type { ServiceAccountSigningKey } from './service-account-key.js';

/** Signs JWT payloads with the service account key (compact JWS, header {alg, kid}). */
export class ServiceAccountTokenSigner {
  constructor(readonly key: ServiceAccountSigningKey) {}

  /** Signs a claims object; its keys are encoded in the order given. */
  async sign(claims: object): Promise<string> {
    const payload = new TextEncoder().encode(JSON.stringify(claims));
    return new CompactSign(payload)
      .setProtectedHeader({ alg: this.key.algorithm, kid: this.key.keyId })
      .sign(this.key.privateKey);
  }
}
