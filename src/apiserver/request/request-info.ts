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
  // Runs for every request: one pass over the segments and one object of a single shape.
  const segments: string[] = [];
  for (const s of pathname.split('/')) if (s !== '') segments.push(decodeSegment(s));
  const prefix = segments[0];
  let start = 1;
  let apiGroup = '';
  if (prefix === 'apis' && segments.length >= 3) {
    apiGroup = segments[1]!;
    start = 2;
  } else if (prefix !== 'api' || segments.length < 2) {
    return nonResourceInfo(pathname, method);
  }
  const apiVersion = segments[start]!;
  const parts = segments.slice(start + 1);

  let verb = verbOf(method);
  let namespace = '';
  let rest = 0;
  if (parts[0] === 'namespaces' && parts.length >= 2) {
    namespace = parts[1]!;
    if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) rest = 2;
  }
  const resource = parts[rest] ?? '';
  const name = parts[rest + 1] ?? '';
  const subresource = parts.length - rest >= 3 ? parts[rest + 2]! : '';

  if (name === '') {
    if (verb === 'get') verb = isWatch(query) ? 'watch' : 'list';
    else if (verb === 'delete') verb = 'deletecollection';
  }
  // The same key order as nonResourceInfo's, so every RequestInfo shares one object shape.
  return {
    isResourceRequest: true,
    path: pathname,
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

function nonResourceInfo(path: string, method: string): RequestInfo {
  return {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
}

function verbOf(method: string): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'GET':
    case 'HEAD':
      return 'get';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}
