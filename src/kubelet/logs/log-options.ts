// What a container log read returns: upstream's kuberuntime/logs LogOptions (the kubelet's form of
// PodLogOptions), plus the stream selection of PodLogsQuerySplitStreams.
import type { LogTimestamp } from './log-timestamp.js';

/** Which streams a read returns. */
export type LogStreamSelection = 'All' | 'Stdout' | 'Stderr';

/** Options of one container log read. */
export interface ContainerLogOptions {
  /** Only the last N lines (absent: the whole file). Without follow the read stops after N lines. */
  readonly tailLines?: number;
  /** Stop after this many bytes of output, cutting the last line (absent: no limit). */
  readonly limitBytes?: number;
  /** Skip records written before this instant. */
  readonly since?: LogTimestamp;
  /** Keep reading new records until the container stops. */
  readonly follow?: boolean;
  /** Prefix each record with its RFC3339Nano timestamp and a space. */
  readonly timestamps?: boolean;
  /** Default All. */
  readonly stream?: LogStreamSelection;
}
