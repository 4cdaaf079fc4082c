import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customResourceFieldLabelRules, fieldLabelRulesFor, fieldLabelsFor } from '../../api/field-labels.js';
import { FieldSelectorError, parseFieldSelector } from './field-selector.js';
import { restrictFieldSelector, unsupportedFieldLabelMessage } from './restrict-field-selector.js';

function rejection(selector: string, supported: Parameters<typeof restrictFieldSelector>[1]): string {
  try {
    restrictFieldSelector(parseFieldSelector(selector), supported);
  } catch (err) {
    assert.ok(err instanceof FieldSelectorError);
    return err.message;
  }
  return '';
}

describe('restrictFieldSelector', () => {
  const cases: [string, string, string, string][] = [
    ['', 'Pod', 'spec.foo=x', 'field label not supported: spec.foo'],
    ['', 'Pod', 'spec.nodeName=n1,status.phase!=Failed', ''],
    ['', 'Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    [
      '',
      'ConfigMap',
      'data.x=1',
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'apps',
      'ReplicaSet',
      'status.replicas=0',
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['apps', 'Deployment', 'metadata.name=web,metadata.namespace=default', ''],
    ['batch', 'Job', 'status.failed=1', 'field label "status.failed" not supported for batchv1.Job'],
    ['batch', 'Job', 'status.successful=1', ''],
    ['', 'Event', 'involvedObject.name=p,involvedObject.uid=u', ''],
    ['events.k8s.io', 'Event', 'involvedObject.name=p', 'field label not supported: involvedObject.name'],
    ['events.k8s.io', 'Event', 'regarding.name=p,reportingController=kubelet', ''],
    ['', 'Service', 'spec.type=NodePort', ''],
    ['', 'Secret', 'type=Opaque', ''],
    ['', 'Namespace', 'status.phase=Active', ''],
    ['certificates.k8s.io', 'CertificateSigningRequest', 'spec.signerName=x', ''],
    // The first unsupported label in sorted term order is the one reported.
    ['', 'Pod', 'zz=1,aa=2', 'field label not supported: aa'],
  ];
  for (const [group, kind, selector, message] of cases) {
    it(`${group}/${kind}: ${selector} -> ${message || 'ok'}`, () => {
      assert.equal(rejection(selector, fieldLabelRulesFor(group, kind)), message);
    });
  }

  it('renames labels to field-map keys', () => {
    const pod = restrictFieldSelector(parseFieldSelector('spec.host=n1'), fieldLabelRulesFor('', 'Pod'));
    assert.equal(pod.toString(), 'spec.nodeName=n1');
    const ev = restrictFieldSelector(
      parseFieldSelector('regarding.kind=Pod,reportingController=kubelet'),
      fieldLabelRulesFor('events.k8s.io', 'Event'),
    );
    assert.equal(ev.toString(), 'involvedObject.kind=Pod,reportingComponent=kubelet');
    const fields = fieldLabelsFor('events.k8s.io', 'Event', {
      metadata: { name: 'e', namespace: 'default' },
      regarding: { kind: 'Pod', name: 'p' },
      reportingController: 'kubelet',
    });
    assert.equal(ev.matches(fields), true);
  });

  it('accepts a plain list of supported names', () => {
    assert.equal(rejection('a=1,b=2', ['a', 'b']), '');
    assert.equal(rejection('a=1,c=2', new Set(['a'])), 'field label not supported: c');
  });

  it('applies custom resource rules', () => {
    assert.equal(
      rejection('metadata.namespace=x', customResourceFieldLabelRules(false)),
      'field label not supported: metadata.namespace',
    );
    assert.equal(rejection('metadata.namespace=x', customResourceFieldLabelRules(true)), '');
    assert.equal(rejection('spec.color=red', customResourceFieldLabelRules(true, ['spec.color'])), '');
    assert.equal(
      rejection('status.PostgresClusterStatus=x', customResourceFieldLabelRules(true)),
      'field label not supported: status.PostgresClusterStatus',
    );
  });

  it('renders every rejection style', () => {
    assert.equal(unsupportedFieldLabelMessage('a'), 'field label not supported: a');
    assert.equal(
      unsupportedFieldLabelMessage('a"b', { notSupportedFor: 'batchv1.Job' }),
      'field label "a\\"b" not supported for batchv1.Job',
    );
  });
});
