import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { breakdownRule, covers } from './policy-comparator.js';
import { compactRules, compactRuleString } from './rule-format.js';

describe('covers', () => {
  const cases: [string, PolicyRule[], PolicyRule[], boolean][] = [
    [
      'identical',
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      true,
    ],
    [
      'star verb',
      [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }],
      true,
    ],
    [
      'star group and resource',
      [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }],
      [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get'] }],
      true,
    ],
    [
      '*/sub covers x/sub',
      [{ apiGroups: [''], resources: ['*/status'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['pods/status'], verbs: ['get'] }],
      true,
    ],
    [
      '*/sub does not cover x',
      [{ apiGroups: [''], resources: ['*/status'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      false,
    ],
    [
      'split across owner rules',
      [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      true,
    ],
    [
      'names covered by unnamed owner',
      [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }],
      true,
    ],
    [
      'unnamed not covered by named owner',
      [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      false,
    ],
    [
      'url prefix',
      [{ nonResourceURLs: ['/api/*'], verbs: ['get'] }],
      [{ nonResourceURLs: ['/api/v1'], verbs: ['get'] }],
      true,
    ],
    [
      'url star',
      [{ nonResourceURLs: ['*'], verbs: ['*'] }],
      [{ nonResourceURLs: ['/x'], verbs: ['post'] }],
      true,
    ],
    [
      'resource owner does not cover urls',
      [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      [{ nonResourceURLs: ['/x'], verbs: ['get'] }],
      false,
    ],
  ];
  for (const [name, owner, servant, want] of cases) {
    it(name, () => assert.equal(covers(owner, servant).covered, want));
  }

  it('reports the missing atoms', () => {
    const r = covers(
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }],
    );
    assert.deepEqual(r.missing, [
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    ]);
  });
});

describe('breakdownRule / compactRules / compactRuleString', () => {
  it('breaks a rule into atoms and prints upstream compact strings', () => {
    const atoms = breakdownRule({
      apiGroups: ['apps'],
      resources: ['deployments'],
      verbs: ['get', 'list'],
      resourceNames: ['a'],
    });
    assert.equal(atoms.length, 2);
    assert.equal(
      compactRuleString(atoms[0]!),
      '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["a"], Verbs:["get"]}',
    );
    assert.equal(
      compactRuleString({ nonResourceURLs: ['/x'], verbs: ['get'] }),
      '{NonResourceURLs:["/x"], Verbs:["get"]}',
    );
  });
  it('folds verbs of simple rules of one group/resource', () => {
    const compact = compactRules(
      breakdownRule({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }),
    );
    assert.deepEqual(compact, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    assert.equal(
      compactRuleString(compact[0]!),
      '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}',
    );
  });
});
