import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { AuthorizationAttributes } from './authorizer.js';
import { ruleAllows } from './rule-matching.js';

const user = { name: 'jane', groups: ['system:authenticated'] };

function res(
  verb: string,
  resource: string,
  extra: Partial<Pick<AuthorizationAttributes, 'apiGroup' | 'subresource' | 'name' | 'namespace'>> = {},
): AuthorizationAttributes {
  return {
    user,
    verb,
    resource,
    apiGroup: extra.apiGroup ?? '',
    subresource: extra.subresource ?? '',
    name: extra.name ?? '',
    namespace: extra.namespace ?? 'default',
    path: '',
    isResourceRequest: true,
  };
}

function path(verb: string, p: string): AuthorizationAttributes {
  return {
    user,
    verb,
    path: p,
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    isResourceRequest: false,
  };
}

describe('ruleAllows', () => {
  const pods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
  const cases: [string, PolicyRule, AuthorizationAttributes, boolean][] = [
    ['exact verb, group, resource', pods, res('get', 'pods'), true],
    ['other verb', pods, res('delete', 'pods'), false],
    ['other resource', pods, res('get', 'services'), false],
    ['other group', pods, res('get', 'pods', { apiGroup: 'apps' }), false],
    ['verb *', { apiGroups: [''], resources: ['pods'], verbs: ['*'] }, res('deletecollection', 'pods'), true],
    [
      'group *',
      { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] },
      res('get', 'deployments', { apiGroup: 'apps' }),
      true,
    ],
    ['resource *', { apiGroups: [''], resources: ['*'], verbs: ['get'] }, res('get', 'secrets'), true],
    [
      'resource * covers subresources',
      { apiGroups: [''], resources: ['*'], verbs: ['get'] },
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      'plain resource does not cover its subresource',
      pods,
      res('get', 'pods', { subresource: 'log' }),
      false,
    ],
    [
      'resource/subresource',
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      'resource/subresource does not cover the resource',
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      res('get', 'pods'),
      false,
    ],
    [
      '*/subresource',
      { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get'] },
      res('get', 'deployments', { apiGroup: 'apps', subresource: 'scale' }),
      true,
    ],
    [
      '*/subresource other subresource',
      { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get'] },
      res('get', 'deployments', { apiGroup: 'apps', subresource: 'status' }),
      false,
    ],
    [
      '*/subresource does not cover the resource',
      { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get'] },
      res('get', 'deployments', { apiGroup: 'apps' }),
      false,
    ],
    [
      '*/sub must match the whole suffix',
      { apiGroups: [''], resources: ['*/log'], verbs: ['get'] },
      res('get', 'pods', { subresource: 'catalog' }),
      false,
    ],
    [
      'resourceNames match',
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get'] },
      res('get', 'configmaps', { name: 'b' }),
      true,
    ],
    [
      'resourceNames miss',
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'], verbs: ['get'] },
      res('get', 'configmaps', { name: 'c' }),
      false,
    ],
    [
      'resourceNames never match a list (no name)',
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'], verbs: ['list'] },
      res('list', 'configmaps'),
      false,
    ],
    ['no resourceNames matches any name', pods, res('get', 'pods', { name: 'x' }), true],
    ['resource rule never matches a path', pods, path('get', '/api'), false],
    ['non-resource exact', { nonResourceURLs: ['/healthz'], verbs: ['get'] }, path('get', '/healthz'), true],
    [
      'non-resource other verb',
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      path('post', '/healthz'),
      false,
    ],
    [
      'non-resource prefix *',
      { nonResourceURLs: ['/apis/*'], verbs: ['get'] },
      path('get', '/apis/apps/v1'),
      true,
    ],
    [
      'non-resource prefix * needs the prefix',
      { nonResourceURLs: ['/apis/*'], verbs: ['get'] },
      path('get', '/apis'),
      false,
    ],
    ['non-resource *', { nonResourceURLs: ['*'], verbs: ['*'] }, path('put', '/anything'), true],
    [
      'non-resource trailing ** trims all stars',
      { nonResourceURLs: ['/logs**'], verbs: ['get'] },
      path('get', '/logsx'),
      true,
    ],
    [
      'non-resource rule never matches a resource request',
      { nonResourceURLs: ['*'], verbs: ['*'] },
      res('get', 'pods'),
      false,
    ],
  ];
  for (const [name, rule, attrs, want] of cases) {
    it(name, () => assert.equal(ruleAllows(attrs, rule), want));
  }
});
