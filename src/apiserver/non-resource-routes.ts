import { openApiV3Root, parseOpenApiV3Path } from '../api/openapi/index.js';
import { serializedOpenApiV3Document } from '../api/openapi/document.js';
import { notAcceptable } from '../machinery/errors/index.js';
import type { Backend } from '../storage/backend.js';
import type { ApiserverMetrics } from './apiserver-metrics.js';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery/discovery-documents.js';
import { serveHealth, type HealthCheck } from './endpoints/health.js';
import { serveIssuerDiscovery, type IssuerDiscovery } from './endpoints/issuer-discovery.js';
import { serveOpenApiV2 } from './endpoints/openapi-v2.js';
import { versionInfo } from './endpoints/version.js';
import type { ApiRequest } from './http/api-request.js';
import { writeJson, writeText } from './http/write-response.js';
import { negotiate } from './request/negotiate.js';
import type { ResourceRegistry } from './resource-registry.js';
import { resourceNotFound } from './resource-router.js';
import type { Cacher } from './watch-cache/cacher.js';

/** What the non-resource endpoints read. */
export interface NonResourceDeps {
  readonly registry: ResourceRegistry;
  readonly metrics: ApiserverMetrics;
  readonly backend: Backend;
  readonly cacher: Cacher;
  readonly serverAddress: string;
  /** The service account issuer's OIDC discovery documents; not served when absent. */
  readonly issuerDiscovery?: IssuerDiscovery;
  /** The request limiter's /debug/api_priority_and_fairness/<name> dumps. */
  readonly flowControlDump?: (name: string) => string | undefined;
}

function healthChecks(deps: NonResourceDeps): HealthCheck[] {
  return [
    { name: 'ping', check: async () => undefined },
    { name: 'log', check: async () => undefined },
    {
      name: 'etcd',
      check: async () => {
        await deps.backend.currentRevision();
        return undefined;
      },
    },
    { name: 'poststarthook/start-apiserver-admission-initializer', check: async () => undefined },
    { name: 'poststarthook/bootstrap-controller', check: async () => undefined },
  ];
}

function readinessChecks(deps: NonResourceDeps): HealthCheck[] {
  return [
    ...healthChecks(deps),
    {
      name: 'informer-sync',
      check: async () => (deps.cacher.revision > 0 ? undefined : 'watch cache not filled'),
    },
    { name: 'shutdown', check: async () => undefined },
  ];
}

/**
 * Serves everything that is not a resource: /version, health checks, /metrics, discovery
 * (/api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>), service account issuer
 * discovery, /openapi/v3 and /openapi/v2, and /debug/api_priority_and_fairness/dump_priority_levels.
 */
export async function routeNonResource(areq: ApiRequest, deps: NonResourceDeps): Promise<void> {
  const { res, url, info } = areq;
  const p = url.pathname.replace(/\/+$/, '') || '/';
  const types = deps.registry.types;

  if (p === '/version') return writeJson(res, 200, versionInfo());
  const health = /^\/(healthz|livez|readyz)(?:\/(.*))?$/.exec(p);
  if (health) {
    const endpoint = health[1] as 'healthz' | 'livez' | 'readyz';
    const checks = endpoint === 'readyz' ? readinessChecks(deps) : healthChecks(deps);
    return serveHealth(res, endpoint, checks, health[2] ?? '', url.searchParams);
  }
  const apfDump = /^\/debug\/api_priority_and_fairness\/([^/]+)$/.exec(p);
  if (apfDump && deps.flowControlDump) {
    const text = deps.flowControlDump(apfDump[1]!);
    if (text !== undefined) return writeText(res, 200, text);
  }
  if (p === '/metrics') {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(deps.metrics.registry.render() + storageObjectsText(deps));
    return;
  }
  if (p === '/api' || p === '/apis') {
    const format = negotiate(areq.req.headers.accept, 'discovery');
    if (format.kind === 'unacceptable') throw notAcceptable(['application/json']);
    if (format.kind === 'aggregated-discovery') {
      const body = aggregatedDiscovery(types, p === '/api' ? 'core' : 'groups', format.version);
      return writeJson(res, 200, body, {
        contentType: `application/json;g=apidiscovery.k8s.io;v=${format.version};as=APIGroupDiscoveryList`,
        headers: { Vary: 'Accept' },
      });
    }
    return writeJson(res, 200, p === '/api' ? apiVersions(deps.serverAddress) : apiGroupList(types), {
      headers: { Vary: 'Accept' },
    });
  }
  if (info.isResourceRequest && info.resource === '') {
    const doc = apiResourceList(types, info.apiGroup, info.apiVersion);
    if (doc === undefined) throw resourceNotFound();
    return writeJson(res, 200, doc);
  }
  const group = /^\/apis\/([^/]+)$/.exec(p);
  if (group) {
    const doc = apiGroupDocument(types, group[1]!);
    if (doc === undefined) throw resourceNotFound();
    return writeJson(res, 200, doc);
  }
  if (deps.issuerDiscovery && serveIssuerDiscovery(res, p, deps.issuerDiscovery, deps.serverAddress)) return;
  if (p === '/openapi/v3') return writeJson(res, 200, openApiV3Root(types));
  if (p.startsWith('/openapi/v3/')) {
    const gv = parseOpenApiV3Path(p.slice('/openapi/v3/'.length));
    if (gv === undefined || !deps.registry.servesGroupVersion(gv.group, gv.version)) {
      return writeText(res, 404, '404 page not found\n');
    }
    const doc = serializedOpenApiV3Document(gv.group, gv.version, types);
    const hashed = url.searchParams.get('hash') === doc.hash;
    return writeJson(res, 200, doc.body, {
      headers: { ETag: `"${doc.hash}"`, 'Cache-Control': hashed ? 'public, immutable' : 'no-cache, private' },
    });
  }
  // kubectl asks for v2 (as protobuf) where the v3 documents cannot answer: create-only kinds.
  if (p === '/openapi/v2') return serveOpenApiV2(areq.req, res, types);
  writeText(res, 404, '404 page not found\n');
}

/** apiserver_storage_objects and apiserver_registered_watchers, computed at scrape time from the watch caches. */
function storageObjectsText(deps: NonResourceDeps): string {
  const lines = [
    '# HELP apiserver_storage_objects Number of stored objects at the time of last check split by kind.',
    '# TYPE apiserver_storage_objects gauge',
  ];
  for (const store of deps.registry.allStores()) {
    const t = store.type;
    if (!t.verbs.includes('list')) continue;
    const resource = t.group === '' ? t.resource : `${t.resource}.${t.group}`;
    lines.push(`apiserver_storage_objects{resource="${resource}"} ${store.objectCount}`);
  }
  lines.push(
    '# HELP apiserver_registered_watchers Number of currently registered watchers for a given resources',
    '# TYPE apiserver_registered_watchers gauge',
  );
  for (const store of deps.registry.allStores()) {
    const t = store.type;
    lines.push(
      `apiserver_registered_watchers{group="${t.group}",kind="${t.kind}",version="${t.version}"} ${store.watcherCount}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
