// Upstream's certificates.CertificateController: the loop csrsigning and csrapproving share. Every
// CSR event queues the request's name; a request that already has a certificate is done, any other
// is handed (as a copy) to the controller's handler, and a failed handler retries with backoff.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  RateLimitingQueue,
  runController,
} from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { isIssued } from './csr-conditions.js';
import { certificateSigningRequestsResource } from './csr-resources.js';

/** Works on one request that has no certificate yet; throws to be retried with backoff. */
export type CertificateRequestHandler = (csr: CertificateSigningRequest) => Promise<void>;

/** What a CertificateController is created with. */
export interface CertificateControllerOptions {
  readonly ctx: ControllerContext;
  /** The queue's name in logs and metrics ("csrsigning", "csrapproving"). */
  readonly name: string;
  readonly workers: number;
  readonly handler: CertificateRequestHandler;
}

/** Feeds every CertificateSigningRequest without a certificate to a handler. */
export class CertificateController {
  private readonly options: CertificateControllerOptions;
  private readonly queue: RateLimitingQueue<string>;
  private readonly requests: Lister<CertificateSigningRequest>;

  constructor(options: CertificateControllerOptions) {
    const { ctx } = options;
    this.options = options;
    this.queue = new RateLimitingQueue<string>({
      name: options.name,
      clock: ctx.clock,
      // Upstream's limits for this loop: 200 ms doubling to 1000 s per request, 10/s overall.
      rateLimiter: new MaxOfRateLimiter<string>({
        limiters: [
          new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 200, maxDelayMs: 1000 * 1000 }),
          new BucketRateLimiter<string>({ qps: 10, burst: 100, clock: ctx.clock }),
        ],
      }),
    });
    const informer = ctx.informers.informerFor<CertificateSigningRequest>(certificateSigningRequestsResource);
    this.requests = informer.lister;
    const enqueue = (csr: CertificateSigningRequest) => this.queue.add(csr.metadata?.name ?? '');
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, csr) => enqueue(csr), onDelete: enqueue });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    const { ctx, name, workers } = this.options;
    return runController({
      name,
      queue: this.queue,
      workers,
      reconcile: (key) => this.sync(key),
      signal: ctx.signal,
      clock: ctx.clock,
      log: ctx.log,
    });
  }

  private async sync(name: string): Promise<void> {
    const csr = this.requests.get('', name);
    // Gone, or already issued: nothing left to do for it.
    if (csr === undefined || isIssued(csr)) return;
    await this.options.handler(structuredClone(csr));
  }
}
