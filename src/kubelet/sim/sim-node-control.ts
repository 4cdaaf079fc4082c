import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { simulatedNodeAnnotation, stoppedAnnotation } from './sim-annotations.js';

/** Why a stop/start request could not be carried out (expected outcomes, not exceptions). */
export type SimNodeControlResult =
  { readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly message: string };

/**
 * Stops or starts a simulated node by setting or removing its sim.k8ts.io/stopped annotation — the
 * simulator's kubelet for that node watches it. Refuses nodes the simulator does not own.
 * API failures other than a missing node throw.
 */
export async function setSimNodeStopped(
  client: KubeClient,
  name: string,
  stopped: boolean,
): Promise<SimNodeControlResult> {
  const nodes = client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' });
  let node: Node;
  try {
    node = await nodes.get(name);
  } catch (err) {
    if (isStatusError(err, 'NotFound'))
      return { ok: false, message: `Error from server (NotFound): nodes "${name}" not found` };
    throw err;
  }
  const annotations = node.metadata?.annotations ?? {};
  if (annotations[simulatedNodeAnnotation] !== 'true')
    return {
      ok: false,
      message: `node "${name}" is not a simulated node (no ${simulatedNodeAnnotation} annotation)`,
    };
  const isStopped = annotations[stoppedAnnotation] === 'true';
  if (isStopped === stopped) return { ok: true, changed: false };
  await nodes.patch(name, 'merge', {
    metadata: { annotations: { [stoppedAnnotation]: stopped ? 'true' : null } },
  });
  return { ok: true, changed: true };
}
