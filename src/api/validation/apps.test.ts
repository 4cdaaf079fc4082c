import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const container = (name: string, extra: object = {}): object => ({
  name,
  image: 'nginx',
  imagePullPolicy: 'Always',
  terminationMessagePolicy: 'File',
  resources: {},
  ...extra,
});
const podSpec = (extra: object = {}): object => ({
  containers: [container('web')],
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  terminationGracePeriodSeconds: 30,
  ...extra,
});
const template = (labels: object = { app: 'x' }, spec: object = podSpec()): object => ({
  metadata: { labels },
  spec,
});

function deployment(spec: object = {}): KubeObject {
  return {
    metadata: { name: 'x', namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'x' } },
      template: template(),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

const create = (kind: string, o: KubeObject): string[] =>
  validateObject('apps', kind, o).map(fieldErrorMessage);
const update = (kind: string, o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate('apps', kind, o, old).map(fieldErrorMessage);

describe('Deployment', () => {
  it('accepts a defaulted deployment', () => assert.deepEqual(create('Deployment', deployment()), []));

  const cases: [string, object, string[]][] = [
    [
      'negative replicas',
      { replicas: -1 },
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'template labels not matching the selector',
      { template: template({ app: 'y' }) },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'template without labels',
      { template: { spec: podSpec() } },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
      ],
    ],
    [
      'missing selector',
      { selector: undefined },
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      { selector: {} },
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'bad selector operator',
      { selector: { matchExpressions: [{ key: 'app', operator: 'Like', values: ['x'] }] } },
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Like", Values:[]string{"x"}}}}: invalid label selector',
      ],
    ],
    [
      'maxSurge and maxUnavailable both zero',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'bad percentages',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'x%', maxUnavailable: '150%' } } },
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: x%: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
      ],
    ],
    [
      'rollingUpdate with Recreate',
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      'progress deadline not above minReadySeconds',
      { minReadySeconds: 600 },
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
    [
      'bad pod template',
      {
        template: template(
          { app: 'x' },
          podSpec({
            restartPolicy: 'Never',
            activeDeadlineSeconds: 5,
            containers: [
              container('web', { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }),
              container('web'),
            ],
          }),
        ),
      },
      [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        'spec.template.spec.containers[1].name: Duplicate value: "web"',
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      ],
    ],
  ];
  for (const [name, spec, expected] of cases) {
    it(`rejects ${name}`, () => assert.deepEqual(create('Deployment', deployment(spec)), expected));
  }

  it('reports several errors at once, in upstream order', () => {
    const errs = create(
      'Deployment',
      deployment({ replicas: -2, template: template({ app: 'z' }), minReadySeconds: -1 }),
    );
    assert.deepEqual(errs, [
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"z"}: `selector` does not match template `labels`',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('keeps the selector immutable', () => {
    const next = deployment({ selector: { matchLabels: { app: 'y' } }, template: template({ app: 'y' }) });
    assert.deepEqual(update('Deployment', next, deployment()), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('allows scaling and template changes', () => {
    const next = deployment({ replicas: 5, template: template({ app: 'x', v: '2' }) });
    assert.deepEqual(update('Deployment', next, deployment()), []);
  });
});

describe('ReplicaSet', () => {
  const rs = (spec: object = {}): KubeObject => ({
    metadata: { name: 'x' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: template(), ...spec },
  });
  it('accepts a valid replica set', () => assert.deepEqual(create('ReplicaSet', rs()), []));
  it('uses the deployment wording for an empty selector', () => {
    assert.deepEqual(create('ReplicaSet', rs({ selector: { matchLabels: {} } })), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });
  it('keeps the selector immutable', () => {
    const next = rs({
      selector: { matchLabels: { app: 'x', b: 'c' } },
      template: template({ app: 'x', b: 'c' }),
    });
    assert.equal(update('ReplicaSet', next, rs()).length, 1);
  });
});

describe('StatefulSet', () => {
  const sts = (spec: object = {}): KubeObject => ({
    metadata: { name: 'db' },
    spec: {
      replicas: 1,
      serviceName: 'db',
      selector: { matchLabels: { app: 'x' } },
      template: template(),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
  });
  it('accepts a valid stateful set', () => assert.deepEqual(create('StatefulSet', sts()), []));
  it('checks policies and the update strategy', () => {
    const errs = create(
      'StatefulSet',
      sts({
        podManagementPolicy: 'Random',
        updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
      }),
    );
    assert.deepEqual(errs, [
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'',
    ]);
  });
  it('does not validate the pod spec of its template (as upstream)', () => {
    assert.deepEqual(
      create('StatefulSet', sts({ template: template({ app: 'x' }, podSpec({ containers: [] })) })),
      [],
    );
  });
  it('forbids changing other spec fields', () => {
    assert.deepEqual(update('StatefulSet', sts({ serviceName: 'other' }), sts()), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    assert.deepEqual(update('StatefulSet', sts({ replicas: 3 }), sts()), []);
  });
});

describe('DaemonSet', () => {
  const ds = (spec: object = {}): KubeObject => ({
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: template(),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
  });
  it('accepts a valid daemon set', () => assert.deepEqual(create('DaemonSet', ds()), []));
  it('allows only one of maxSurge and maxUnavailable', () => {
    assert.deepEqual(
      create(
        'DaemonSet',
        ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }),
      ),
      [
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
      ],
    );
    assert.deepEqual(
      create(
        'DaemonSet',
        ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }),
      ),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    );
  });
  it('keeps the selector immutable', () => {
    const next = ds({
      selector: { matchLabels: { app: 'x', k: 'v' } },
      template: template({ app: 'x', k: 'v' }),
    });
    assert.equal(update('DaemonSet', next, ds()).length, 1);
  });
});

describe('ControllerRevision', () => {
  it('requires data and keeps it immutable', () => {
    assert.deepEqual(create('ControllerRevision', { metadata: { name: 'r' }, revision: -1 }), [
      'data: Required value: data is mandatory',
      'revision: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const old = { metadata: { name: 'r' }, data: { a: 1 }, revision: 1 };
    assert.deepEqual(update('ControllerRevision', { ...old, data: { a: 2 } }, old), [
      'data: Invalid value: {"a":2}: field is immutable',
    ]);
  });
});
