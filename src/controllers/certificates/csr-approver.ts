// The csrapproving controller (upstream's sarApprover): auto-approves kubelet client certificate
// requests (kube-apiserver-client-kubelet) when a SubjectAccessReview says the requestor may create
// certificatesigningrequests/selfnodeclient (renewing its own identity) or /nodeclient (bootstrap).
import type { SubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import {
  parseCertificateRequest,
  type CertificateRequest,
} from '../../api/certificates/certificate-request.js';
import { KUBE_APISERVER_CLIENT_KUBELET_SIGNER } from '../../api/certificates/signer-names.js';
import { kubeletClientRequestError } from '../../api/certificates/signer-rules.js';
import { itemPath, resourceTarget, type ResourceClient } from '../../client/index.js';
import type { ControllerContext } from '../controller-context.js';
import { CertificateController } from './certificate-controller.js';
import { approvalState, withCondition } from './csr-conditions.js';
import { certificateSigningRequestsResource, subjectAccessReviewsResource } from './csr-resources.js';

interface Recognizer {
  /** The subresource of certificatesigningrequests the requestor must be allowed to create. */
  readonly subresource: string;
  recognize(csr: CertificateSigningRequest, request: CertificateRequest): boolean;
  readonly successMessage: string;
}

function isNodeClientCert(csr: CertificateSigningRequest, request: CertificateRequest): boolean {
  if (csr.spec?.signerName !== KUBE_APISERVER_CLIENT_KUBELET_SIGNER) return false;
  return kubeletClientRequestError(request, csr.spec.usages ?? []) === undefined;
}

/** Upstream's recognizers, most specific first. */
const recognizers: readonly Recognizer[] = [
  {
    subresource: 'selfnodeclient',
    recognize: (csr, request) => csr.spec?.username === request.commonName && isNodeClientCert(csr, request),
    successMessage: 'Auto approving self kubelet client certificate after SubjectAccessReview.',
  },
  {
    subresource: 'nodeclient',
    recognize: isNodeClientCert,
    successMessage: 'Auto approving kubelet client certificate after SubjectAccessReview.',
  },
];

/** What a CsrApprover is created with. */
export interface CsrApproverOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

/** Approves kubelet client certificate requests their requestors are entitled to. */
export class CsrApprover {
  private readonly ctx: ControllerContext;
  private readonly controller: CertificateController;
  private readonly reviews: ResourceClient<SubjectAccessReview>;

  constructor(options: CsrApproverOptions) {
    this.ctx = options.ctx;
    this.reviews = options.ctx.client.resource<SubjectAccessReview>(subjectAccessReviewsResource);
    this.controller = new CertificateController({
      ctx: options.ctx,
      name: 'csrapproving',
      workers: options.workers,
      handler: (csr) => this.handle(csr),
    });
  }

  /** Runs until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.run();
  }

  private async handle(csr: CertificateSigningRequest): Promise<void> {
    const { approved, denied } = approvalState(csr);
    if (approved || denied) return;
    const name = csr.metadata?.name ?? '';
    let request: CertificateRequest;
    try {
      request = parseCertificateRequest(Buffer.from(csr.spec?.request ?? '', 'base64'));
    } catch (err) {
      throw new Error(`unable to parse csr "${name}": ${(err as Error).message}`);
    }
    const tried: string[] = [];
    for (const r of recognizers) {
      if (!r.recognize(csr, request)) continue;
      tried.push(r.subresource);
      if (!(await this.authorized(csr, r.subresource))) continue;
      const approvedCsr = withCondition(csr, {
        type: 'Approved',
        status: 'True',
        reason: 'AutoApproved',
        message: r.successMessage,
      });
      try {
        await this.updateApproval(approvedCsr);
      } catch (err) {
        throw new Error(`error updating approval for csr: ${(err as Error).message}`);
      }
      return;
    }
    // Upstream retries these with backoff too, in case the requestor's permissions change.
    if (tried.length > 0)
      throw new Error(
        `recognized csr "${name}" as [${tried.join(' ')}] but subject access review was not approved`,
      );
  }

  private async authorized(csr: CertificateSigningRequest, subresource: string): Promise<boolean> {
    const spec = csr.spec;
    const review = await this.reviews.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: spec?.username ?? '',
        ...(spec?.uid ? { uid: spec.uid } : {}),
        groups: spec?.groups ?? [],
        ...(spec?.extra ? { extra: spec.extra } : {}),
        resourceAttributes: {
          group: 'certificates.k8s.io',
          resource: 'certificatesigningrequests',
          verb: 'create',
          subresource,
        },
      },
    });
    return review.status?.allowed === true;
  }

  // PUT .../certificatesigningrequests/<name>/approval, as client-go's UpdateApproval.
  private async updateApproval(csr: CertificateSigningRequest): Promise<void> {
    const target = resourceTarget(certificateSigningRequestsResource);
    await this.ctx.client.request({
      method: 'PUT',
      path: itemPath(target, undefined, csr.metadata?.name ?? '', 'approval'),
      body: csr,
    });
  }
}
