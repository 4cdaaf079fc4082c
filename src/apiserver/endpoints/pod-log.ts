// GET pods/NAME/log: upstream's LogREST. The options are checked here, the pod's container is
// chosen, and the kubelet's /containerLogs answer is streamed back as text/plain, each chunk as it
// comes (so `kubectl logs -f` follows), until the kubelet ends it or the client goes away.

import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiRequest } from '../http/api-request.js';
import { sendToBackend } from '../proxy/backend-request.js';
import { backendResponseError } from '../proxy/backend-response-error.js';
import { joinHostPort } from '../proxy/backend-target.js';
import { streamBackendBody } from '../proxy/stream-body.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { nodeKubelet } from './node-kubelet.js';
import { chooseContainer } from './pod-container.js';
import { decodePodLogOptions, kubeletLogQuery, validatePodLogOptions } from './pod-log-options.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** Serves one pods/log request; resolves when the stream is over. */
export async function handlePodLog(
  areq: ApiRequest,
  pods: ServedResource,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name } = areq.info;
  const opts = decodePodLogOptions(areq.url.searchParams);
  validatePodLogOptions(name, opts);
  const pod = (await pods.store.get(namespace, name)) as Pod;
  const container = chooseContainer(pod, opts.container);
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName === '') {
    // Upstream has no location for an unscheduled pod and streams nothing: 204 No Content.
    areq.res.writeHead(204, { 'Cache-Control': 'no-cache, private' }).end();
    return;
  }
  const kubelet = await nodeKubelet(registry, ctx, nodeName, {
    insecureSkipVerify: opts.insecureSkipTLSVerifyBackend,
  });
  const segments = [namespace, name, container].map(encodeURIComponent).join('/');
  const query = kubeletLogQuery(opts).toString();
  const path = `/containerLogs/${segments}${query === '' ? '' : `?${query}`}`;

  const { res } = areq;
  const aborted = new AbortController();
  const onClientGone = () => {
    if (!res.writableFinished) aborted.abort();
  };
  res.once('close', onClientGone);
  const answer = await sendToBackend(kubelet, {
    method: 'GET',
    path,
    headers: ['Accept', '*/*', 'User-Agent', 'kube-apiserver'],
    signal: aborted.signal,
    // Go's http.Client wraps a transport failure as `Get "<url>": <error>`.
    failureMessage: (netError) =>
      `Get "https://${joinHostPort(kubelet.host, kubelet.port)}${path}": ${netError}`,
  });
  const response = answer.response;
  const refused = await backendResponseError(response, { group: '', resource: 'pods/log' }, name);
  if (refused !== undefined) throw refused;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  await streamBackendBody(response, res);
}
