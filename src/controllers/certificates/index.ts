import type { ControllerDescriptor } from '../controller-context.js';
import { CsrApprover } from './csr-approver.js';
import { CsrCleaner } from './csr-cleaner.js';
import { CsrSigner } from './csr-signer.js';
import { SigningAuthority } from './signing-authority.js';
import { DEFAULT_CLUSTER_SIGNING_DURATION_MS } from './signing-policy.js';

export { CsrApprover } from './csr-approver.js';
export { CsrCleaner, CLEANER_POLLING_INTERVAL_MS } from './csr-cleaner.js';
export { CsrSigner } from './csr-signer.js';
export { SigningAuthority } from './signing-authority.js';
export { DEFAULT_CLUSTER_SIGNING_DURATION_MS } from './signing-policy.js';

/** The CA csrsigning signs with (upstream --cluster-signing-cert-file/-key-file/-duration). */
export interface ClusterSigningSettings {
  readonly certFile: string;
  readonly keyFile: string;
  /** The longest certificate issued (default one year). */
  readonly durationMs?: number;
}

/**
 * The csrsigning controller, signing with the CA in `settings`' files. Without them it does
 * nothing, as upstream's controller manager skips it when no signing cert and key are given.
 */
export function csrSigningDescriptor(settings: ClusterSigningSettings | undefined): ControllerDescriptor {
  return {
    name: 'csrsigning',
    defaultWorkers: 5,
    setup(ctx, workers) {
      if (settings === undefined) {
        return {
          run: async () =>
            ctx.log.info('Skipping CSR signer controller because no csr cert/key was specified'),
        };
      }
      const signer = new CsrSigner({
        ctx,
        workers,
        authority: () => SigningAuthority.load(settings.certFile, settings.keyFile),
        maxDurationMs: settings.durationMs ?? DEFAULT_CLUSTER_SIGNING_DURATION_MS,
      });
      return { run: () => signer.run() };
    },
  };
}

/** The csrapproving controller: auto-approves kubelet client certificate requests after a SubjectAccessReview. */
export const csrApprovingDescriptor: ControllerDescriptor = {
  name: 'csrapproving',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const approver = new CsrApprover({ ctx, workers });
    return { run: () => approver.run() };
  },
};

/** The csrcleaner controller: deletes old requests once an hour. */
export const csrCleanerDescriptor: ControllerDescriptor = {
  name: 'csrcleaner',
  defaultWorkers: 1,
  setup(ctx) {
    const cleaner = new CsrCleaner({ ctx });
    return { run: () => cleaner.run() };
  },
};
