import type { MessagePort } from 'node:worker_threads';
import type { LogLevel } from '../../base/logger.js';
import type { SimClusterStats } from '../../kubelet/sim/index.js';
import type { ControlPlaneOptions } from '../control-plane.js';
import type { ServerFacts } from './server-link.js';

/** Simulated nodes for the components thread to run, as `k8ts server --node-runtime sim` does. */
export interface SimNodesSpec {
  readonly count: number;
}

/** What the components thread starts with (its workerData). */
export interface ComponentsThreadData {
  readonly server: ServerFacts;
  /** Connection requests go here (serveServerLink answers them). */
  readonly broker: MessagePort;
  /** Log entries go here (relayLogs writes them). */
  readonly logs: MessagePort;
  readonly logLevel: LogLevel;
  readonly plane: ControlPlaneOptions;
  readonly sim?: SimNodesSpec;
}

/** Messages from the apiserver's thread to the components thread. */
export type ToComponents = { readonly type: 'stop' } | { readonly type: 'stats'; readonly id: number };

/** Messages from the components thread back. */
export type FromComponents =
  | { readonly type: 'ready'; readonly allocatesPodCidrs: boolean }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stats'; readonly id: number; readonly stats: SimClusterStats | undefined }
  | { readonly type: 'stopped' };
