// The csrsigning controller (upstream's CSRSigningController, one per well-known signer): signs
// approved requests of kubernetes.io/kube-apiserver-client, kube-apiserver-client-kubelet and
// kubelet-serving with the cluster CA, and marks requests that break their signer's rules Failed.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import {
  parseCertificateRequest,
  type CertificateRequest,
} from '../../api/certificates/certificate-request.js';
import {
  KUBE_APISERVER_CLIENT_KUBELET_SIGNER,
  KUBE_APISERVER_CLIENT_SIGNER,
  KUBELET_SERVING_SIGNER,
} from '../../api/certificates/signer-names.js';
import {
  apiserverClientUsagesError,
  kubeletClientRequestError,
  kubeletServingRequestError,
} from '../../api/certificates/signer-rules.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { ResourceClient } from '../../client/index.js';
import type { ControllerContext } from '../controller-context.js';
import { CertificateController } from './certificate-controller.js';
import { hasTrueCondition, isApproved, withCondition } from './csr-conditions.js';
import { certificateSigningRequestsResource } from './csr-resources.js';
import type { SigningAuthority } from './signing-authority.js';
import { certificateTtlMs } from './signing-policy.js';

type SignerRule = (request: CertificateRequest, usages: readonly string[]) => string | undefined;

/** What each signer this controller serves accepts. */
const signerRules: ReadonlyMap<string, SignerRule> = new Map<string, SignerRule>([
  [KUBE_APISERVER_CLIENT_SIGNER, (_req, usages) => apiserverClientUsagesError(usages)],
  [KUBE_APISERVER_CLIENT_KUBELET_SIGNER, kubeletClientRequestError],
  [KUBELET_SERVING_SIGNER, kubeletServingRequestError],
]);

/** What a CsrSigner is created with. */
export interface CsrSignerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
  /** Loads the CA when the controller starts (the files may appear after setup). */
  readonly authority: () => Promise<SigningAuthority>;
  /** The longest certificate to issue (upstream --cluster-signing-duration). */
  readonly maxDurationMs: number;
}

/** Issues certificates for approved requests of the well-known Kubernetes signers. */
export class CsrSigner {
  private readonly options: CsrSignerOptions;
  private readonly controller: CertificateController;
  private readonly client: ResourceClient<CertificateSigningRequest>;
  private authority: SigningAuthority | undefined;

  constructor(options: CsrSignerOptions) {
    this.options = options;
    this.client = options.ctx.client.resource<CertificateSigningRequest>(certificateSigningRequestsResource);
    this.controller = new CertificateController({
      ctx: options.ctx,
      name: 'csrsigning',
      workers: options.workers,
      handler: (csr) => this.handle(csr),
    });
  }

  /** Loads the CA, then runs until the context's signal aborts. */
  async run(): Promise<void> {
    this.authority = await this.options.authority();
    return this.controller.run();
  }

  private async handle(csr: CertificateSigningRequest): Promise<void> {
    // Unapproved or already failed requests are someone else's business.
    if (!isApproved(csr) || hasTrueCondition(csr, 'Failed')) return;
    const signerName = csr.spec?.signerName ?? '';
    const rule = signerRules.get(signerName);
    if (rule === undefined) return;
    const name = csr.metadata?.name ?? '';
    let request: CertificateRequest;
    try {
      request = parseCertificateRequest(Buffer.from(csr.spec?.request ?? '', 'base64'));
    } catch (err) {
      throw new Error(`unable to parse csr "${name}": ${(err as Error).message}`);
    }
    const usages = csr.spec?.usages ?? [];
    const now = new Date(this.options.ctx.clock.now());
    const problem = rule(request, usages);
    if (problem !== undefined) {
      const failed = withCondition(csr, {
        type: 'Failed',
        status: 'True',
        reason: 'SignerValidationFailure',
        message: problem,
        lastUpdateTime: formatRfc3339(now),
      });
      try {
        await this.client.updateStatus(failed);
      } catch (err) {
        throw new Error(`error adding failure condition for csr: ${(err as Error).message}`);
      }
      return;
    }
    let certificate: string;
    try {
      certificate = await this.authority!.sign(request, {
        usages,
        ttlMs: certificateTtlMs(csr.spec?.expirationSeconds, this.options.maxDurationMs),
        now,
      });
    } catch (err) {
      throw new Error(`error auto signing csr: ${(err as Error).message}`);
    }
    const issued = structuredClone(csr);
    issued.status = { ...issued.status, certificate: Buffer.from(certificate).toString('base64') };
    try {
      await this.client.updateStatus(issued);
    } catch (err) {
      throw new Error(`error updating signature for csr: ${(err as Error).message}`);
    }
  }
}
