/**
 * Worker thread of the scheduler benchmark: creates pods from a template as fast as the API server
 * takes them, off the main thread (where the scheduler runs), and reports when each request was
 * sent. Timestamps are performance.timeOrigin + performance.now(), comparable across threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { KubeClient } from '../../src/client/index.js';

/** What the main thread sends. */
export interface CreatorJob {
  readonly kubeconfig: string;
  readonly namespace: string;
  readonly template: Pod;
  readonly prefix: string;
  readonly count: number;
  readonly concurrency: number;
}

/** What the worker posts back: batches of [name, sentAt], then done. */
export type CreatorMessage =
  | { readonly type: 'created'; readonly pods: readonly [string, number][] }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

const now = () => performance.timeOrigin + performance.now();

async function main(job: CreatorJob): Promise<void> {
  const client = await KubeClient.fromKubeconfig({
    path: job.kubeconfig,
    qps: Infinity,
    component: 'bench-pod-creator',
  });
  const pods = client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).namespace(job.namespace);
  let next = 0;
  let batch: [string, number][] = [];
  const flush = () => {
    if (batch.length === 0) return;
    parentPort!.postMessage({ type: 'created', pods: batch } satisfies CreatorMessage);
    batch = [];
  };
  const timer = setInterval(flush, 50);
  try {
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        for (let i = next++; i < job.count; i = next++) {
          const name = `${job.prefix}-${i}`;
          const pod: Pod = {
            ...job.template,
            metadata: { ...job.template.metadata, name, namespace: job.namespace },
          };
          const sentAt = now();
          await pods.create(pod);
          batch.push([name, sentAt]);
        }
      }),
    );
  } finally {
    clearInterval(timer);
    flush();
    client.close();
  }
}

main(workerData as CreatorJob).then(
  () => parentPort!.postMessage({ type: 'done' } satisfies CreatorMessage),
  (err: unknown) =>
    parentPort!.postMessage({ type: 'error', message: (err as Error).message } satisfies CreatorMessage),
);
