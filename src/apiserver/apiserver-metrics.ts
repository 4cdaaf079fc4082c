import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  apiserverRequestDurationBuckets,
} from '../base/metrics/index.js';
import type { RequestInfo } from './request/request-info.js';

/** The apiserver's own Prometheus metrics, named and labelled as upstream's. */
export class ApiserverMetrics {
  readonly registry = new Registry();
  private readonly requests = this.registry.register(
    new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
        'code',
      ] as const,
    }),
  );
  private readonly durations = this.registry.register(
    new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
      ] as const,
      buckets: apiserverRequestDurationBuckets,
    }),
  );
  /** Open long-running requests (watches) by verb and resource. */
  readonly longRunning = this.registry.register(
    new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'] as const,
    }),
  );
  /** Records one finished request. */
  observe(info: RequestInfo, code: number, seconds: number, dryRun: boolean): void {
    const verb = upstreamVerb(info);
    const scope = scopeOf(info);
    const labels = [
      verb,
      dryRun ? 'All' : '',
      info.apiGroup,
      info.apiVersion,
      info.resource,
      info.subresource,
      scope,
      'apiserver',
    ] as const;
    this.requests.labels(...labels, String(code)).inc();
    this.durations.labels(...labels).observe(seconds);
  }

  /** The longRunning labels of a request. */
  longRunningLabels(info: RequestInfo): readonly [string, string, string, string, string, string, string] {
    return [
      upstreamVerb(info),
      info.apiGroup,
      info.apiVersion,
      info.resource,
      info.subresource,
      scopeOf(info),
      'apiserver',
    ];
  }
}

/** Upstream reports verbs in upper case and splits list/watch the way the request info does. */
function upstreamVerb(info: RequestInfo): string {
  if (!info.isResourceRequest) return info.verb.toUpperCase();
  switch (info.verb) {
    case 'list':
      return 'LIST';
    case 'watch':
      return 'WATCH';
    case 'get':
      return 'GET';
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return info.verb.toUpperCase();
  }
}

function scopeOf(info: RequestInfo): string {
  if (!info.isResourceRequest) return '';
  if (info.name !== '') return 'resource';
  return info.namespace !== '' ? 'namespace' : 'cluster';
}
