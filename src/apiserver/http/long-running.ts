import type { RequestInfo } from '../request/request-info.js';

// kube-apiserver's BasicLongRunningRequestCheck sets: watch and proxy verbs, and the streaming
// subresources.
const longRunningVerbs = new Set(['watch', 'proxy']);
const longRunningSubresources = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/**
 * Whether a request may run as long as it likes: watches and the streaming subresources (logs,
 * exec, attach, port-forward, proxies). They are left out of the in-flight limits and the request
 * timeout, as upstream's long-running check leaves them out.
 */
export function isLongRunningRequest(info: RequestInfo): boolean {
  if (!info.isResourceRequest) return false;
  return longRunningVerbs.has(info.verb) || longRunningSubresources.has(info.subresource);
}
