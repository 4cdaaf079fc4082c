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

function pod(spec: object = {}, meta: object = {}): KubeObject {
  return {
    metadata: { name: 'p', namespace: 'default', ...meta },
    spec: {
      containers: [container('a')],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      ...spec,
    },
  };
}

const create = (o: KubeObject): string[] => validateObject('', 'Pod', o).map(fieldErrorMessage);
const update = (o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate('', 'Pod', o, old).map(fieldErrorMessage);

const dnsLabelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('Pod create', () => {
  it('accepts a defaulted pod', () => assert.deepEqual(create(pod()), []));

  const cases: [string, object, string[]][] = [
    ['no containers', { containers: [] }, ['spec.containers: Required value']],
    ['a nameless container', { containers: [container('')] }, ['spec.containers[0].name: Required value']],
    [
      'duplicate container names',
      { containers: [container('a'), container('a')] },
      ['spec.containers[1].name: Duplicate value: "a"'],
    ],
    [
      'a bad container name',
      { containers: [container('A')] },
      [`spec.containers[0].name: Invalid value: "A": ${dnsLabelMsg}`],
    ],
    [
      'a missing image',
      { containers: [container('a', { image: '' })] },
      ['spec.containers[0].image: Required value'],
    ],
    [
      'an image with spaces',
      { containers: [container('a', { image: ' nginx' })] },
      ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    ],
    [
      'a mount of an undefined volume',
      { containers: [container('a', { volumeMounts: [{ name: 'x', mountPath: '/x' }] })] },
      ['spec.containers[0].volumeMounts[0].name: Not found: "x"'],
    ],
    [
      'requests above limits',
      {
        containers: [
          container('a', {
            resources: { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '1', memory: '1Gi' } },
          }),
        ],
      },
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
      ],
    ],
    [
      'bad quantities and resource names',
      {
        containers: [
          container('a', {
            resources: {
              limits: { cpu: '-1', gpu: '1', 'example.com/dev': '500m' },
              requests: { memory: 'lots' },
            },
          }),
        ],
      },
      [
        'spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
        'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
        'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
        'spec.containers[0].resources.limits[example.com/dev]: Invalid value: 500m: must be an integer',
        'spec.containers[0].resources.requests[memory]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      ],
    ],
    [
      'hugepages without cpu or memory',
      {
        containers: [
          container('a', {
            resources: { limits: { 'hugepages-2Mi': '3Mi' }, requests: { 'hugepages-2Mi': '3Mi' } },
          }),
        ],
      },
      [
        'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
        'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
        'spec.containers[0].resources: Forbidden: HugePages require cpu or memory',
      ],
    ],
    [
      'bad ports',
      {
        containers: [
          container('a', {
            ports: [
              { containerPort: 70000, protocol: 'TCP' },
              { name: 'http', containerPort: 80, protocol: 'ICMP' },
              { name: 'http', containerPort: 81, protocol: 'TCP' },
              { containerPort: 0, protocol: 'TCP' },
            ],
          }),
        ],
      },
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
        'spec.containers[0].ports[2].name: Duplicate value: "http"',
        'spec.containers[0].ports[3].containerPort: Required value',
      ],
    ],
    [
      'host port conflicts',
      {
        containers: [
          container('a', { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }),
          container('b', { ports: [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }] }),
        ],
      },
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ],
    [
      'bad env',
      {
        containers: [
          container('a', {
            env: [
              { name: '' },
              { name: 'A=B' },
              {
                name: 'X',
                value: 'v',
                valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
              },
              { name: 'Y', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.schedulerName' } } },
            ],
          }),
        ],
      },
      [
        'spec.containers[0].env[0].name: Required value',
        'spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
        'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
        'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.schedulerName": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ],
    ],
    [
      'probes with two handlers and a bad success threshold',
      {
        containers: [
          container('a', {
            livenessProbe: {
              exec: { command: ['true'] },
              tcpSocket: { port: 80 },
              successThreshold: 2,
              timeoutSeconds: 1,
              periodSeconds: 10,
              failureThreshold: 3,
            },
            readinessProbe: {
              httpGet: { path: '/', port: 'http-web-port-10', scheme: 'HTTP' },
              successThreshold: 1,
              timeoutSeconds: 1,
              periodSeconds: 10,
              failureThreshold: 3,
            },
          }),
        ],
      },
      [
        'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
        'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
        'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "http-web-port-10": must be no more than 15 characters',
      ],
    ],
    [
      'volumes with no or two sources and duplicate names',
      {
        volumes: [
          { name: 'a' },
          { name: 'b', emptyDir: {}, hostPath: { path: '/x' } },
          { name: 'c', emptyDir: {} },
          { name: 'c', emptyDir: {} },
        ],
      },
      [
        'spec.volumes[0]: Required value: must specify a volume type',
        'spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type',
        'spec.volumes[3].name: Duplicate value: "c"',
      ],
    ],
    [
      'bad volume sources',
      {
        volumes: [
          { name: 'cm', configMap: { name: '', defaultMode: 1000, items: [{ key: 'k', path: '../x' }] } },
          { name: 'pvc', persistentVolumeClaim: {} },
          { name: 'hp', hostPath: { path: '/a/../b', type: 'Folder' } },
        ],
      },
      [
        'spec.volumes[0].configMap.name: Required value',
        'spec.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
        'spec.volumes[0].configMap.items[0].path: Invalid value: "../x": must not contain \'..\'',
        'spec.volumes[1].persistentVolumeClaim.claimName: Required value',
        'spec.volumes[2].hostPath.path: Invalid value: "/a/../b": must not contain \'..\'',
        'spec.volumes[2].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      ],
    ],
    [
      'bad policies',
      {
        restartPolicy: 'Sometimes',
        dnsPolicy: '',
        terminationGracePeriodSeconds: undefined,
        activeDeadlineSeconds: 0,
      },
      [
        'spec.terminationGracePeriodSeconds: Required value',
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.dnsPolicy: Required value',
        'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      ],
    ],
    [
      'bad tolerations',
      {
        tolerations: [
          { operator: 'Equal', value: 'x' },
          { key: 'k', operator: 'Exists', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 },
        ],
      },
      [
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
        'spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
        'spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
      ],
    ],
    [
      'hostNetwork with a different host port',
      {
        hostNetwork: true,
        containers: [container('a', { ports: [{ containerPort: 80, hostPort: 81, protocol: 'TCP' }] })],
      },
      [
        'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
      ],
    ],
    [
      'ephemeral containers on create',
      { ephemeralContainers: [container('debug')] },
      ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
    ],
    [
      'init containers with probes',
      { initContainers: [container('init', { readinessProbe: { exec: { command: ['x'] } } })] },
      [
        'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    ],
  ];
  for (const [name, spec, expected] of cases)
    it(`rejects ${name}`, () => assert.deepEqual(create(pod(spec)), expected));

  it('checks the pod deletion cost annotation', () => {
    assert.deepEqual(
      create(pod({}, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': 'x' } })),
      [
        'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "x": must be a 32bit integer',
      ],
    );
  });
});

describe('Pod update', () => {
  const forbidden =
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

  it('allows image changes, shorter deadlines and added tolerations', () => {
    const old = pod({ activeDeadlineSeconds: 100 });
    const next = pod({
      containers: [container('a', { image: 'nginx:2' })],
      activeDeadlineSeconds: 50,
      tolerations: [{ key: 'k', operator: 'Exists' }],
    });
    assert.deepEqual(update(next, old), []);
  });

  it('forbids other spec changes, with a diff after the first line', () => {
    const errs = update(pod({ restartPolicy: 'Never' }), pod());
    assert.equal(errs.length, 1);
    const [first, ...diff] = (errs[0] ?? '').split('\n');
    assert.equal(first, forbidden);
    assert.equal(diff[0], '  core.PodSpec{');
    assert.ok(diff.includes('- \tRestartPolicy: "Always",'));
    assert.ok(diff.includes('+ \tRestartPolicy: "Never",'));
  });

  it('forbids adding containers', () => {
    assert.deepEqual(update(pod({ containers: [container('a'), container('b')] }), pod()), [
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('forbids a longer deadline and removing tolerations', () => {
    const old = pod({ activeDeadlineSeconds: 10, tolerations: [{ key: 'k', operator: 'Exists' }] });
    assert.deepEqual(
      update(pod({ activeDeadlineSeconds: 20, tolerations: [{ key: 'k', operator: 'Exists' }] }), old),
      ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value'],
    );
    assert.deepEqual(update(pod({ activeDeadlineSeconds: 10 }), old), [
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });
});

describe('Pod ephemeralcontainers subresource', () => {
  const ephemeral = (name: string, image = 'busybox'): object => ({
    ...container(name),
    image,
    targetContainerName: 'a',
  });
  const sub = (o: KubeObject, old: KubeObject): string[] =>
    validateObjectUpdate('', 'Pod', o, old, { subresource: 'ephemeralcontainers' }).map(fieldErrorMessage);

  it('allows adding an ephemeral container', () => {
    assert.deepEqual(sub(pod({ ephemeralContainers: [ephemeral('debug')] }), pod()), []);
  });

  it('rejects the same change through the main resource', () => {
    const errs = update(pod({ ephemeralContainers: [ephemeral('debug')] }), pod());
    assert.equal(errs.length, 1);
    assert.ok(errs[0]?.startsWith('spec: Forbidden: pod updates may not change fields'));
  });

  it('forbids removing or changing an existing ephemeral container', () => {
    const old = pod({ ephemeralContainers: [ephemeral('debug')] });
    assert.deepEqual(sub(pod(), old), [
      'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debug" may not be removed\n',
    ]);
    const changed = sub(pod({ ephemeralContainers: [ephemeral('debug', 'alpine')] }), old);
    assert.equal(changed.length, 1);
    assert.ok(
      changed[0]?.startsWith(
        'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debug" may not be changed\n',
      ),
    );
  });

  it('validates the new ephemeral container', () => {
    assert.deepEqual(sub(pod({ ephemeralContainers: [ephemeral('a')] }), pod()), [
      'spec.ephemeralContainers[0].name: Duplicate value: "a"',
    ]);
  });
});

describe('PodTemplate, ReplicationController and Binding', () => {
  const tmpl = { metadata: { labels: { app: 'x' } }, spec: pod().spec };
  it('validates a PodTemplate at template.*', () => {
    const bad = {
      metadata: { name: 't' },
      template: { ...tmpl, spec: { ...(tmpl.spec as object), containers: [] } },
    };
    assert.deepEqual(validateObject('', 'PodTemplate', bad).map(fieldErrorMessage), [
      'template.spec.containers: Required value',
    ]);
  });
  it('checks a ReplicationController selector against its template', () => {
    const rc = { metadata: { name: 'rc' }, spec: { replicas: 1, selector: { app: 'y' }, template: tmpl } };
    assert.deepEqual(validateObject('', 'ReplicationController', rc).map(fieldErrorMessage), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ]);
  });
  it('requires a node target for a Binding', () => {
    assert.deepEqual(validateObject('', 'Binding', { target: { kind: 'Pod' } }).map(fieldErrorMessage), [
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
  });
});
