import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserInfo } from '../http/api-request.js';
import { parseRequestInfo } from '../request/request-info.js';
import { attributesFromRequest, type AuthorizationResult } from './rbac/authorizer.js';
import type { UserRules } from './rbac/rbac-authorizer.js';
import { UnionAuthorizer, type RuleListingAuthorizer } from './union-authorizer.js';

const user: UserInfo = { name: 'u', groups: [] };

function fixed(result: AuthorizationResult, rules: Partial<UserRules> = {}): RuleListingAuthorizer {
  return {
    authorize: () => result,
    rulesFor: () => ({
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
      evaluationError: '',
      ...rules,
    }),
  };
}

describe('UnionAuthorizer', () => {
  const attrs = attributesFromRequest(user, parseRequestInfo('GET', '/api/v1/pods', new URLSearchParams()));

  it('lets the first allow or deny decide', () => {
    const union = new UnionAuthorizer([
      fixed({ decision: 'no-opinion', reason: 'not mine' }),
      fixed({ decision: 'deny', reason: 'no' }),
      fixed({ decision: 'allow', reason: '' }),
    ]);
    assert.deepEqual(union.authorize(attrs), { decision: 'deny', reason: 'no' });
  });

  it('joins the reasons of authorizers without an opinion, skipping empty ones', () => {
    const union = new UnionAuthorizer([
      fixed({ decision: 'no-opinion', reason: 'first' }),
      fixed({ decision: 'no-opinion', reason: '' }),
      fixed({ decision: 'no-opinion', reason: 'second' }),
    ]);
    assert.deepEqual(union.authorize(attrs), { decision: 'no-opinion', reason: 'first\nsecond' });
  });

  it('merges rules, incomplete when any authorizer is', () => {
    const union = new UnionAuthorizer([
      fixed({ decision: 'no-opinion', reason: '' }, { incomplete: true, evaluationError: 'cannot list' }),
      fixed(
        { decision: 'no-opinion', reason: '' },
        { nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/version'] }] },
      ),
    ]);
    assert.deepEqual(union.rulesFor(user, 'default'), {
      resourceRules: [],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/version'] }],
      incomplete: true,
      evaluationError: 'cannot list',
    });
  });
});

describe('authorization attributes of a request', () => {
  const of = (path: string, query: string) =>
    attributesFromRequest(
      user,
      parseRequestInfo('GET', path, new URLSearchParams(query)),
      new URLSearchParams(query),
    );

  it('names a list or watch by its metadata.name field selector, as upstream RequestInfo', () => {
    const a = of('/api/v1/nodes', 'fieldSelector=metadata.name%3Dnode-a&watch=true');
    assert.equal(a.verb, 'watch');
    assert.equal(a.name, 'node-a');
    assert.deepEqual(a.fieldSelector, [{ field: 'metadata.name', operator: '=', value: 'node-a' }]);
  });

  it('keeps other selectors as terms without naming the request', () => {
    const a = of('/api/v1/pods', 'fieldSelector=spec.nodeName%3Dn1');
    assert.equal(a.name, '');
    assert.deepEqual(a.fieldSelector, [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
    assert.equal(of('/api/v1/pods', 'fieldSelector=metadata.name!%3Dx').name, '');
    assert.equal(of('/api/v1/pods', 'fieldSelector=metadata.name%3D..').name, '');
  });
});
