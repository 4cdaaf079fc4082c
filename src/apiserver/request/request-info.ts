/** What a request addresses and does, parsed from its method, path and query like upstream's RequestInfo. */
export interface RequestInfo {
  /** True for /api and /apis paths; false for /version, /healthz, /openapi, ... */
  readonly isResourceRequest: boolean;
  readonly path: string;
  /** Lower-case verb: get, list, watch, create, update, patch, delete, deletecollection (or the HTTP method for non-resource paths). */
  readonly verb: string;
  /** "api" or "apis" for resource paths. */
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** Path segments after the API prefix, group and version. */
  readonly parts: readonly string[];
}

/** Namespace subresources that must not be read as a namespaced resource named like them. */
const namespaceSubresources = new Set(['status', 'finalize']);

/**
 * A path segment with its percent-escapes decoded, as Go's net/http hands upstream a decoded
 * URL.Path: clients that escape every reserved character (ours, client-node) send `system%3Anode`.
 * A malformed escape is kept as it is; no valid name contains one.
 */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Parses a request the way upstream's RequestInfoFactory does:
 * /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}, /apis/{group}/{version}/{resource}/...
 */
export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  const base = {
    path: pathname,
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [] as string[],
  };
  const nonResource = (): RequestInfo => ({ ...base, isResourceRequest: false, verb: method.toLowerCase() });
  const prefix = segments[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource();
  let rest = segments.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (rest.length < 2) return nonResource();
    apiGroup = rest[0]!;
    rest = rest.slice(1);
  } else if (rest.length < 1) {
    return nonResource();
  }
  const apiVersion = rest[0]!;
  const parts = rest.slice(1);

  let verb: string;
  switch (method) {
    case 'POST':
      verb = 'create';
      break;
    case 'GET':
    case 'HEAD':
      verb = 'get';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = 'delete';
      break;
    default:
      verb = method.toLowerCase();
  }

  let namespace = '';
  let current = parts;
  if (current[0] === 'namespaces' && current.length >= 2) {
    namespace = current[1]!;
    if (current.length > 2 && !namespaceSubresources.has(current[2]!)) current = current.slice(2);
  }
  const resource = current[0] ?? '';
  const name = current[1] ?? '';
  const subresource = current.length >= 3 ? current[2]! : '';

  if (name === '') {
    if (verb === 'get') verb = isWatch(query) ? 'watch' : 'list';
    else if (verb === 'delete') verb = 'deletecollection';
  }
  return {
    ...base,
    isResourceRequest: true,
    verb,
    apiPrefix: prefix,
    apiGroup,
    apiVersion,
    namespace,
    resource,
    subresource,
    name,
    parts,
  };
}

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}
