// How the kubelet gets its runtime: attach to a CRI endpoint someone else runs
// (--container-runtime-endpoint), or start and supervise its own containerd (the all-in-one default).
// Either way the result is a CriClient that has answered Version, and a close() that undoes the start.
import { systemClock, type Clock } from '../../base/clock.js';
import { ContainerdSupervisor, type ContainerdSupervisorOptions } from './containerd-supervisor.js';
import { CriClient, type CriClientOptions } from './cri-client.js';
import type { VersionResponse } from './runtime-service.js';

/** Attach to an existing runtime, waiting up to `waitMs` (default 10 s) for it to answer. */
export interface ExistingRuntimeOptions {
  readonly endpoint: string;
  readonly waitMs?: number;
}

/** Start our own containerd. */
export interface SupervisedRuntimeOptions {
  readonly supervise: ContainerdSupervisorOptions;
}

/** Either way of getting a runtime, plus client settings. */
export type RuntimeConnectionOptions = (ExistingRuntimeOptions | SupervisedRuntimeOptions) &
  Pick<CriClientOptions, 'requestTimeoutMs' | 'observe'> & { readonly clock?: Clock };

/** A connected runtime. */
export interface RuntimeConnection {
  /** RuntimeService and ImageService over one channel. */
  readonly runtime: CriClient;
  readonly endpoint: string;
  /** The runtime's Version answer, e.g. containerd 1.6.20~ds1 (nodeInfo shows `containerd://<version>`). */
  readonly version: VersionResponse;
  /** Present when we started containerd ourselves. */
  readonly supervisor?: ContainerdSupervisor;
  /** Closes the client and stops a containerd we started (its containers keep running). */
  close(): Promise<void>;
}

/** Connects as the options say; rejects when the runtime does not answer. */
export async function connectRuntime(options: RuntimeConnectionOptions): Promise<RuntimeConnection> {
  const clientOptions = { requestTimeoutMs: options.requestTimeoutMs, observe: options.observe };
  if ('supervise' in options) {
    const supervisor = new ContainerdSupervisor(options.supervise);
    const version = await supervisor.start();
    const runtime = new CriClient({ endpoint: supervisor.endpoint, ...clientOptions });
    return {
      runtime,
      endpoint: supervisor.endpoint,
      version,
      supervisor,
      close: async () => {
        runtime.close();
        await supervisor.stop();
      },
    };
  }
  const clock = options.clock ?? systemClock;
  const runtime = new CriClient({ endpoint: options.endpoint, ...clientOptions });
  const deadline = clock.now() + (options.waitMs ?? 10_000);
  for (;;) {
    try {
      const version = await runtime.version('v1', { timeoutMs: 2000 });
      return { runtime, endpoint: options.endpoint, version, close: async () => runtime.close() };
    } catch (err) {
      if (clock.now() >= deadline) {
        runtime.close();
        throw new Error(
          `container runtime at ${options.endpoint} did not answer: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      await clock.sleep(200);
    }
  }
}
