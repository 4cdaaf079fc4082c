// The csrcleaner controller (upstream's CSRCleanerController): once an hour, deletes the requests
// cleanupReason picks, so automatically created and approved requests do not pile up.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ControllerContext } from '../controller-context.js';
import { runPeriodically } from '../shared/infra-periodic.js';
import { cleanupReason } from './cleanup-rules.js';
import { certificateSigningRequestsResource } from './csr-resources.js';

/** How often the cleaner looks. */
export const CLEANER_POLLING_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes old certificate signing requests. */
export class CsrCleaner {
  private readonly ctx: ControllerContext;
  private readonly requests: Lister<CertificateSigningRequest>;

  constructor(options: { readonly ctx: ControllerContext }) {
    this.ctx = options.ctx;
    this.requests = options.ctx.informers.informerFor<CertificateSigningRequest>(
      certificateSigningRequestsResource,
    ).lister;
  }

  /** Sweeps now and every polling interval until the context's signal aborts. */
  run(): Promise<void> {
    const { clock, signal, log } = this.ctx;
    return runPeriodically(() => this.sweep(), { clock, periodMs: CLEANER_POLLING_INTERVAL_MS, signal, log });
  }

  /** One pass over every cached request. */
  async sweep(): Promise<void> {
    const client = this.ctx.client.resource<CertificateSigningRequest>(certificateSigningRequestsResource);
    const now = this.ctx.clock.now();
    for (const csr of this.requests.list()) {
      const name = csr.metadata?.name ?? '';
      const reason = cleanupReason(csr, now);
      if (reason === undefined) continue;
      this.ctx.log.info(`Cleaning CSR as ${reason}.`, { csr: name });
      try {
        await client.delete(name);
      } catch (err) {
        if (!isStatusError(err, 'NotFound'))
          this.ctx.log.error('Error while attempting to clean CSR', { csr: name, err });
      }
    }
  }
}
