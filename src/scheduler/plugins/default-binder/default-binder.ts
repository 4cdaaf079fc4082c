import type { Binding } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../../client/index.js';
import type { BindPlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The Binding object that assigns `pod` to `nodeName`. */
export function bindingFor(pod: PodInfo, nodeName: string): Binding {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { namespace: pod.namespace, name: pod.name, uid: pod.uid },
    target: { kind: 'Node', name: nodeName },
  };
}

/** POSTs a Binding to the pod's binding subresource. */
export async function postBinding(
  client: KubeClient,
  pod: PodInfo,
  nodeName: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.request({
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/binding`,
    body: bindingFor(pod, nodeName),
    ...(signal !== undefined ? { signal } : {}),
  });
}

/** DefaultBinder: binds through the API's pods/binding subresource. */
export function newDefaultBinder(
  _args: unknown,
  handle: { readonly client: KubeClient | undefined },
): BindPlugin {
  return {
    name: pluginNames.defaultBinder,
    async bind(_state, pod, nodeName, signal) {
      if (handle.client === undefined) return Status.fromError(new Error('DefaultBinder: no API client'));
      try {
        await postBinding(handle.client, pod, nodeName, signal);
        return undefined;
      } catch (err) {
        return Status.fromError(err);
      }
    },
  };
}
