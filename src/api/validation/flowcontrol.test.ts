import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mandatoryFlowSchemas } from '../flowcontrol/mandatory-configuration.js';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const group = 'flowcontrol.apiserver.k8s.io';
const create = (o: KubeObject): string[] => validateObject(group, 'FlowSchema', o).map(fieldErrorMessage);
const updateStatus = (o: KubeObject): string[] =>
  validateObjectUpdate(group, 'FlowSchema', o, o, { subresource: 'status' }).map(fieldErrorMessage);

const everyone = [{ kind: 'Group', group: { name: 'system:authenticated' } }];
const allResources = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] };

function flowSchema(spec: Record<string, unknown>, name = 'team-a'): KubeObject {
  return {
    metadata: { name },
    spec: {
      priorityLevelConfiguration: { name: 'team-a' },
      matchingPrecedence: 500,
      rules: [{ subjects: everyone, resourceRules: [allResources] }],
      ...spec,
    },
  };
}

function rule(r: Record<string, unknown>): Record<string, unknown> {
  return { rules: [{ subjects: everyone, ...r }] };
}

describe('FlowSchema validation', () => {
  it('accepts a well-formed schema', () => {
    assert.deepEqual(create(flowSchema({ distinguisherMethod: { type: 'ByNamespace' } })), []);
  });

  it('keeps matchingPrecedence within 1..10000, and 1 for the exempt schema alone', () => {
    assert.deepEqual(create(flowSchema({ matchingPrecedence: -5 })), [
      'spec.matchingPrecedence: Invalid value: -5: must be a positive value',
    ]);
    assert.deepEqual(create(flowSchema({ matchingPrecedence: 10001 })), [
      'spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000',
    ]);
    assert.deepEqual(create(flowSchema({ matchingPrecedence: 1 })), [
      "spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
    ]);
  });

  it('requires a well-formed priority level reference and a known distinguisher', () => {
    assert.deepEqual(create(flowSchema({ priorityLevelConfiguration: {} })), [
      'spec.priorityLevelConfiguration.name: Required value: must reference a priority level',
    ]);
    assert.deepEqual(create(flowSchema({ priorityLevelConfiguration: { name: 'Team_A' } })), [
      "spec.priorityLevelConfiguration.name: Invalid value: \"Team_A\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    assert.deepEqual(create(flowSchema({ distinguisherMethod: { type: 'ByGroup' } })), [
      'spec.distinguisherMethod.type: Unsupported value: flowcontrol.FlowDistinguisherMethod{Type:"ByGroup"}: supported values: "ByNamespace", "ByUser"',
    ]);
  });

  it('checks subjects as a union: the member the kind names, and only it', () => {
    const subjects = (...s: object[]) => ({ rules: [{ subjects: s, resourceRules: [allResources] }] });
    assert.deepEqual(create(flowSchema(subjects({ kind: 'User', group: { name: 'g' } }))), [
      "spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'",
      "spec.rules[0].subjects[0].group: Forbidden: group is forbidden when subject kind is not 'Group'",
    ]);
    assert.deepEqual(
      create(flowSchema(subjects({ kind: 'ServiceAccount', serviceAccount: { name: '*' } }))),
      [
        'spec.rules[0].subjects[0].serviceAccount.namespace: Required value: must specify namespace for service account',
      ],
    );
    assert.deepEqual(create(flowSchema(subjects({ kind: 'Robot' }))), [
      'spec.rules[0].subjects[0].kind: Unsupported value: "Robot": supported values: "Group", "ServiceAccount", "User"',
    ]);
    assert.deepEqual(create(flowSchema({ rules: [{ subjects: [], resourceRules: [allResources] }] })), [
      'spec.rules[0].subjects: Required value: subjects must contain at least one value',
    ]);
  });

  it('lets "*" stand only alone in resource rules, and needs namespaces unless cluster-scoped', () => {
    const errs = create(
      flowSchema(
        rule({
          resourceRules: [{ verbs: ['*', 'get'], apiGroups: ['*', 'apps'], resources: ['*', 'pods'] }],
        }),
      ),
    );
    assert.deepEqual(errs, [
      'spec.rules[0].resourceRules[0].verbs: Invalid value: []string{"*", "get"}: if \'*\' is present, must not specify other verbs',
      'spec.rules[0].resourceRules[0].apiGroups: Invalid value: []string{"*", "apps"}: if \'*\' is present, must not specify other api groups',
      'spec.rules[0].resourceRules[0].resources: Invalid value: []string{"*", "pods"}: if \'*\' is present, must not specify other resources',
      'spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace',
    ]);
    const clusterScoped = { verbs: ['feed'], apiGroups: [''], resources: ['nodes'], clusterScope: true };
    assert.deepEqual(create(flowSchema(rule({ resourceRules: [clusterScoped] }))), [
      'spec.rules[0].resourceRules[0].verbs: Unsupported value: []string{"feed"}: supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"',
    ]);
    const badNamespace = { ...allResources, namespaces: ['-team'] };
    assert.deepEqual(create(flowSchema(rule({ resourceRules: [badNamespace] }))), [
      "spec.rules[0].resourceRules[0].namespaces[0]: Invalid value: \"-team\": each member of this list must be '*' or a DNS-1123 label; a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('needs some rule per subject list and checks non-resource URLs', () => {
    assert.deepEqual(create(flowSchema(rule({}))), [
      'spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty',
    ]);
    const urls = ['healthz', '/a b', '//x', '/metrics*', '/apis/*', '/'];
    assert.deepEqual(
      create(flowSchema(rule({ nonResourceRules: [{ verbs: ['get'], nonResourceURLs: urls }] }))),
      [
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "healthz": must start with slash',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: Invalid value: "/a b": must not contain white-space',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[2]: Invalid value: "//x": must not contain double slash',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[3]: Invalid value: "/metrics*": wildcard can only do suffix matching',
      ],
    );
    assert.deepEqual(
      create(flowSchema(rule({ nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*', '/x'] }] }))),
      [
        'spec.rules[0].nonResourceRules[0].nonResourceURLs: Invalid value: []string{"*", "/x"}: if \'*\' is present, must not specify other non-resource URLs',
      ],
    );
  });

  it('holds the mandatory exempt and catch-all schemas to their fixed spec', () => {
    for (const mandatory of mandatoryFlowSchemas)
      assert.deepEqual(create(structuredClone(mandatory) as KubeObject), [], mandatory.metadata?.name);
    const catchAll = structuredClone(mandatoryFlowSchemas[1]) as KubeObject;
    (catchAll['spec'] as { distinguisherMethod: { type: string } }).distinguisherMethod.type = 'ByNamespace';
    const errs = create(catchAll);
    assert.equal(errs.length, 1);
    assert.match(errs[0] ?? '', /^spec: Invalid value: .*: spec of 'catch-all' must equal the fixed value$/);
  });

  it('checks condition types on status writes', () => {
    const withStatus = {
      ...flowSchema({}),
      status: {
        conditions: [{ type: 'Dangling', status: 'False' }, { type: 'Dangling' }, { status: 'True' }],
      },
    };
    assert.deepEqual(updateStatus(withStatus), [
      'status.conditions[1].type: Duplicate value: "Dangling"',
      'status.conditions[2].type: Required value: must not be empty',
    ]);
  });
});
