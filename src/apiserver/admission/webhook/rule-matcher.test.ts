import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RuleAttributes, ruleMatches } from './rule-matcher.js';
import type { WebhookRule } from './webhook-accessor.js';

const rule = (overrides: Partial<WebhookRule> = {}): WebhookRule => ({
  operations: ['CREATE'],
  apiGroups: [''],
  apiVersions: ['v1'],
  resources: ['pods'],
  scope: '*',
  ...overrides,
});

const podCreate: RuleAttributes = {
  operation: 'CREATE',
  resource: { group: '', version: 'v1', resource: 'pods' },
  subresource: '',
  namespace: 'default',
};

const podStatusUpdate: RuleAttributes = { ...podCreate, operation: 'UPDATE', subresource: 'status' };

describe('ruleMatches', () => {
  it('matches operation, group, version and resource exactly or by "*"', () => {
    assert.equal(ruleMatches(rule(), podCreate), true);
    assert.equal(ruleMatches(rule({ operations: ['UPDATE'] }), podCreate), false);
    assert.equal(ruleMatches(rule({ operations: ['*'] }), podCreate), true);
    assert.equal(ruleMatches(rule({ apiGroups: ['apps'] }), podCreate), false);
    assert.equal(ruleMatches(rule({ apiGroups: ['*'] }), podCreate), true);
    assert.equal(ruleMatches(rule({ apiVersions: ['v2'] }), podCreate), false);
    assert.equal(ruleMatches(rule({ apiVersions: ['*'] }), podCreate), true);
    assert.equal(ruleMatches(rule({ resources: ['configmaps'] }), podCreate), false);
    assert.equal(ruleMatches(rule({ resources: ['configmaps', 'pods'] }), podCreate), true);
  });

  it('tells resources from their subresources', () => {
    const update = { operations: ['UPDATE'] };
    assert.equal(ruleMatches(rule({ ...update, resources: ['pods'] }), podStatusUpdate), false);
    assert.equal(ruleMatches(rule({ ...update, resources: ['pods/status'] }), podStatusUpdate), true);
    assert.equal(ruleMatches(rule({ ...update, resources: ['pods/*'] }), podStatusUpdate), true);
    assert.equal(ruleMatches(rule({ ...update, resources: ['*/status'] }), podStatusUpdate), true);
    assert.equal(ruleMatches(rule({ ...update, resources: ['*/scale'] }), podStatusUpdate), false);
    // "*" is every resource but none of their subresources; "*/*" is both.
    assert.equal(ruleMatches(rule({ ...update, resources: ['*'] }), podStatusUpdate), false);
    assert.equal(ruleMatches(rule({ resources: ['*'] }), podCreate), true);
    assert.equal(ruleMatches(rule({ ...update, resources: ['*/*'] }), podStatusUpdate), true);
    assert.equal(ruleMatches(rule({ resources: ['*/*'] }), podCreate), true);
    assert.equal(ruleMatches(rule({ resources: ['pods/status'] }), podCreate), false);
  });

  it('applies the scope, counting namespace objects as cluster-scoped', () => {
    const node: RuleAttributes = {
      operation: 'CREATE',
      resource: { group: '', version: 'v1', resource: 'nodes' },
      subresource: '',
      namespace: '',
    };
    // A namespace's own requests carry its name as their namespace.
    const namespace: RuleAttributes = {
      operation: 'UPDATE',
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      subresource: '',
      namespace: 'team-a',
    };
    const any = { operations: ['*'], resources: ['*'] };
    assert.equal(ruleMatches(rule({ ...any, scope: 'Namespaced' }), podCreate), true);
    assert.equal(ruleMatches(rule({ ...any, scope: 'Namespaced' }), node), false);
    assert.equal(ruleMatches(rule({ ...any, scope: 'Namespaced' }), namespace), false);
    assert.equal(ruleMatches(rule({ ...any, scope: 'Cluster' }), podCreate), false);
    assert.equal(ruleMatches(rule({ ...any, scope: 'Cluster' }), node), true);
    assert.equal(ruleMatches(rule({ ...any, scope: 'Cluster' }), namespace), true);
    assert.equal(ruleMatches(rule({ ...any, scope: '*' }), node), true);
  });
});
