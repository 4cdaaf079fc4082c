import type { Container, HTTPGetAction } from 'kubernetes-types/core/v1.js';
import { joinHostPort, resolveContainerPort } from './container-port.js';

// The kubelet version probes and hooks announce themselves with (kube-probe/1.32).
const kubeletMinorVersion = '1.32';

/** The User-Agent of kubelet requests for a purpose: "kube-probe/1.32", "kube-lifecycle/1.32". */
export function kubeUserAgent(purpose: 'probe' | 'lifecycle'): string {
  return `kube-${purpose}/${kubeletMinorVersion}`;
}

/** A GET the kubelet makes for an httpGet probe or hook. */
export interface HttpGetRequest {
  readonly url: URL;
  /** Header lines in order, names in Go's canonical form; one entry per value. */
  readonly headers: readonly (readonly [string, string])[];
  /** The Host header when the action overrides it. */
  readonly host?: string;
}

/** Go's textproto.CanonicalMIMEHeaderKey: "x-custom-header" → "X-Custom-Header". */
export function canonicalHeaderName(name: string): string {
  // Go leaves names with characters outside the token set untouched.
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

// The action's path may carry a query ("/healthz?full=1"); a path without a leading slash is still
// taken relative to the root, as Go's URL.String does for a URL with a host.
function urlFor(scheme: string, host: string, port: number, path: string): URL {
  const base = `${scheme}://${joinHostPort(host, port)}`;
  if (path === '') return new URL(`${base}/`);
  return new URL(path.startsWith('/') ? base + path : `${base}/${path}`);
}

/**
 * The request for `action` against a container (upstream's NewRequestForHTTPGetAction): scheme
 * HTTP unless HTTPS, host defaulting to the pod IP, port by number or name, the action's headers
 * with User-Agent and Accept: star/star added unless given (an empty Accept removes it), and a Host
 * header taken as the virtual host. Throws PortResolutionError for a bad port.
 */
export function httpGetRequest(
  action: HTTPGetAction,
  container: Container,
  podIp: string,
  purpose: 'probe' | 'lifecycle',
): HttpGetRequest {
  const scheme = (action.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
  const host = action.host !== undefined && action.host !== '' ? action.host : podIp;
  const port = resolveContainerPort(action.port, container);
  const url = urlFor(scheme, host, port, action.path ?? '');
  let headers: [string, string][] = (action.httpHeaders ?? []).map((h) => [
    canonicalHeaderName(h.name),
    h.value,
  ]);
  const has = (name: string) => headers.some(([n]) => n === name);
  if (!has('User-Agent')) headers.push(['User-Agent', kubeUserAgent(purpose)]);
  if (!has('Accept')) {
    headers.push(['Accept', '*/*']);
  } else if (headers.find(([n]) => n === 'Accept')![1] === '') {
    headers = headers.filter(([n]) => n !== 'Accept');
  }
  const hostHeader = headers.find(([n]) => n === 'Host')?.[1];
  return {
    url,
    // Go sends the Host from the request, never from the header list.
    headers: headers.filter(([n]) => n !== 'Host'),
    ...(hostHeader !== undefined && hostHeader !== '' ? { host: hostHeader } : {}),
  };
}
