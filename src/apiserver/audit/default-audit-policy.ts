import type { AuditPolicy } from './audit-policy.js';

/**
 * k8ts' default policy, after the policy upstream's cluster scripts (kube-up/GKE) ship:
 * - RequestReceived is never logged (ResponseComplete carries everything it has);
 * - no noise: watches and reads by kube-proxy, the scheduler and controller-manager of their hot
 *   objects, node status and lease churn, and the health/version/metrics/discovery endpoints;
 * - Secrets, ConfigMaps, TokenRequests and TokenReviews only at Metadata: they hold credentials, so
 *   their data never reaches the log;
 * - other reads at Metadata, other writes at Request (the submitted object, not the response);
 * - events at Metadata (they are high-volume and self-describing).
 * managedFields are left out of logged objects.
 */
export const defaultAuditPolicy: AuditPolicy = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  omitManagedFields: true,
  rules: [
    { level: 'None', verbs: ['watch'] },
    {
      level: 'None',
      users: ['system:kube-proxy'],
      verbs: ['get', 'list'],
      resources: [
        { group: '', resources: ['endpoints', 'services', 'services/status'] },
        { group: 'discovery.k8s.io' },
      ],
    },
    {
      level: 'None',
      userGroups: ['system:nodes'],
      verbs: ['get', 'update', 'patch'],
      resources: [{ group: '', resources: ['nodes', 'nodes/status'] }],
    },
    {
      level: 'None',
      verbs: ['get', 'update'],
      namespaces: ['kube-node-lease', 'kube-system'],
      resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }],
    },
    {
      level: 'None',
      users: ['system:kube-scheduler', 'system:kube-controller-manager'],
      verbs: ['get', 'list'],
      resources: [{ group: '' }, { group: 'apps' }, { group: 'batch' }, { group: 'coordination.k8s.io' }],
    },
    {
      level: 'None',
      nonResourceURLs: [
        '/healthz*',
        '/livez*',
        '/readyz*',
        '/version',
        '/version/',
        '/metrics',
        '/openapi*',
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/.well-known/*',
        '/openid/*',
      ],
    },
    {
      level: 'None',
      resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io' }],
      verbs: ['get', 'list'],
    },
    { level: 'Metadata', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io' }] },
    {
      level: 'Metadata',
      resources: [
        { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
        { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
      ],
    },
    { level: 'Metadata', verbs: ['get', 'list'] },
    { level: 'Request' },
  ],
};
