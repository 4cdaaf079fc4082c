// pods/NAME/exec, attach and portforward: upstream's ExecREST, AttachREST and PortForwardREST.
// The request is checked and admitted here, then handed to the pod's kubelet as it came (the
// WebSocket or SPDY upgrade with its subprotocol headers) at /exec, /attach or /portForward; the
// kubelet speaks the streaming protocol and the apiserver relays the bytes.

import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { canTakeOverConnection } from '../http/upgraded-connections.js';
import { proxyUpgrade } from '../proxy/upgrade-proxy.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { admitConnect, refuseDryRun } from './connect-request.js';
import { nodeKubelet } from './node-kubelet.js';
import { chooseContainer } from './pod-container.js';
import {
  decodePodStreamOptions,
  kubeletStreamQuery,
  podStreamOptionsObject,
  type PodStreamOptions,
  type PodStreamSubresource,
} from './pod-stream-options.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** The kubelet path of a stream, as upstream's ExecLocation, AttachLocation and PortForwardLocation build it. */
export function kubeletStreamPath(pod: Pod, opts: PodStreamOptions, container: string): string {
  const ns = encodeURIComponent(pod.metadata?.namespace ?? '');
  const name = encodeURIComponent(pod.metadata?.name ?? '');
  const query = kubeletStreamQuery(opts).toString();
  const suffix = query === '' ? '' : `?${query}`;
  if (opts.subresource === 'portforward') return `/portForward/${ns}/${name}${suffix}`;
  return `/${opts.subresource}/${ns}/${name}/${encodeURIComponent(container)}${suffix}`;
}

/** Serves one exec, attach or portforward request; resolves when the session is over. */
export async function handlePodStream(
  areq: ApiRequest,
  pods: ServedResource,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> {
  const subresource = areq.info.subresource as PodStreamSubresource;
  const { namespace, name } = areq.info;
  refuseDryRun(areq.url.searchParams);
  const opts = decodePodStreamOptions(subresource, areq.url.searchParams);
  await admitConnect(areq, pods, podStreamOptionsObject(opts), ctx);

  const pod = (await pods.store.get(namespace, name)) as Pod;
  const container = subresource === 'portforward' ? '' : chooseContainer(pod, opts.container);
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName === '') throw badRequest(`pod ${name} does not have a host assigned`);
  const kubelet = await nodeKubelet(registry, ctx, nodeName);
  // Upstream's handler requires the upgrade (UpgradeRequired); a request that came in without
  // one, or where the connection cannot be taken over, gets its 400.
  if (!canTakeOverConnection(areq.res)) throw badRequest('Upgrade request required');
  await proxyUpgrade(areq, kubelet, kubeletStreamPath(pod, opts, container));
}
