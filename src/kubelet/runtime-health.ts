// The node's Ready verdict from the runtime (upstream's runtimeState): the runtime must report
// RuntimeReady and NetworkReady, and the PLEG must have relisted recently; otherwise NotReady with
// upstream's messages.
import type { RuntimeCondition } from './cri/runtime-service.js';
import type { NodeHealth } from './node-status.js';

/** The longest the PLEG may go without a relist before the node turns NotReady (3 min). */
export const plegRelistThresholdMs = 3 * 60_000;

function conditionText(c: RuntimeCondition | undefined, type: string): string {
  if (c === undefined) return `${type}=false reason: message:`;
  return `${type}=${c.status} reason:${c.reason} message:${c.message}`;
}

/** The node's health from the runtime's conditions and the PLEG's last relist. */
export function runtimeHealth(
  conditions: readonly RuntimeCondition[] | undefined,
  lastRelistAt: number,
  now: number,
): NodeHealth {
  const reasons: string[] = [];
  if (conditions === undefined) reasons.push('container runtime is down');
  else {
    const runtime = conditions.find((c) => c.type === 'RuntimeReady');
    const network = conditions.find((c) => c.type === 'NetworkReady');
    if (runtime?.status !== true)
      reasons.push(`container runtime not ready: ${conditionText(runtime, 'RuntimeReady')}`);
    if (network?.status !== true)
      reasons.push(`container runtime network not ready: ${conditionText(network, 'NetworkReady')}`);
  }
  if (lastRelistAt === 0 || now - lastRelistAt > plegRelistThresholdMs)
    reasons.push(
      `PLEG is not healthy: pleg was last seen active ${lastRelistAt === 0 ? 'never' : `${Math.round((now - lastRelistAt) / 1000)}s ago`}; threshold is 3m0s`,
    );
  return reasons.length === 0 ? { ready: true } : { ready: false, notReadyReasons: reasons };
}
