// The ClusterRoles every identity gets some of (Kubernetes 1.32 bootstrap policy): discovery,
// health and version endpoints, self-reviews, monitoring, and service-account issuer discovery.

import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { clusterRole, groups as g, rule } from './policy-builders.js';

/** system:discovery, system:monitoring, system:basic-user, system:public-info-viewer, issuer discovery. */
export function discoveryClusterRoles(): ClusterRole[] {
  return [
    // Enough to learn whether the server is ready and which API versions it serves.
    clusterRole('system:discovery', [
      rule('get')
        .urls(
          '/livez',
          '/readyz',
          '/healthz',
          '/version',
          '/version/',
          '/openapi',
          '/openapi/*',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
        )
        .build(),
    ]),
    // The splatted health endpoints may show more about the cluster than the plain ones.
    clusterRole('system:monitoring', [
      rule('get')
        .urls(
          '/metrics',
          '/metrics/slis',
          '/livez',
          '/readyz',
          '/healthz',
          '/livez/*',
          '/readyz/*',
          '/healthz/*',
        )
        .build(),
    ]),
    // Lets a user learn about themselves (kubectl auth can-i, kubectl auth whoami).
    clusterRole('system:basic-user', [
      rule('create')
        .groups(g.authorization)
        .resources('selfsubjectaccessreviews', 'selfsubjectrulesreviews')
        .build(),
      rule('create').groups(g.authentication).resources('selfsubjectreviews').build(),
    ]),
    // Non-sensitive cluster information, open even to anonymous requests.
    clusterRole('system:public-info-viewer', [
      rule('get').urls('/livez', '/readyz', '/healthz', '/version', '/version/').build(),
    ]),
    // The slash-ended forms serve clients generated from OpenAPI documents that had them.
    clusterRole('system:service-account-issuer-discovery', [
      rule('get')
        .urls(
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        )
        .build(),
    ]),
  ];
}
