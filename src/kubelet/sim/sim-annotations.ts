import { parseGoDuration } from '../../base/go-duration.js';

/** Pod annotation: containers exit this long (a Go duration, e.g. "2s") after each start. */
export const exitAfterAnnotation = 'sim.k8ts.io/exit-after';
/** Pod annotation: the exit code of those exits (default 0). */
export const exitCodeAnnotation = 'sim.k8ts.io/exit-code';
/** Pod annotation: "false" keeps containers running but unready. */
export const readyAnnotation = 'sim.k8ts.io/ready';
/** Node annotation: "true" stops the node's simulated kubelet (no heartbeats, no pod updates). */
export const stoppedAnnotation = 'sim.k8ts.io/stopped';
/** Node annotation marking nodes the simulator owns. */
export const simulatedNodeAnnotation = 'sim.k8ts.io/node';

/** How a pod's simulated containers behave, from its annotations. */
export interface SimBehaviour {
  /** Run time of each container start before it exits; undefined runs forever. */
  readonly exitAfterMs: number | undefined;
  readonly exitCode: number;
  /** False keeps containers unready. */
  readonly ready: boolean;
}

/** Reads the sim annotations; malformed values are ignored (the container runs forever, exits 0). */
export function simBehaviour(annotations: Readonly<Record<string, string>> | undefined): SimBehaviour {
  let exitAfterMs: number | undefined;
  const after = annotations?.[exitAfterAnnotation];
  if (after !== undefined) {
    try {
      const ms = parseGoDuration(after.trim());
      if (ms >= 0) exitAfterMs = ms;
    } catch {
      // A typo must not crash the node; the pod just runs as if unannotated.
    }
  }
  const codeText = annotations?.[exitCodeAnnotation]?.trim();
  const code = codeText !== undefined && /^-?\d+$/.test(codeText) ? Number(codeText) : 0;
  return {
    exitAfterMs,
    exitCode: Number.isSafeInteger(code) ? code : 0,
    ready: annotations?.[readyAnnotation]?.trim().toLowerCase() !== 'false',
  };
}

/** True when the node carries sim.k8ts.io/stopped: "true". */
export function isStoppedNode(annotations: Readonly<Record<string, string>> | undefined): boolean {
  return annotations?.[stoppedAnnotation]?.trim().toLowerCase() === 'true';
}
