/**
 * Invalid writes as a user sees them against Kubernetes 1.32: every validation class (names,
 * labels and annotations, selectors, required fields, ranges, quantities, requests ≤ limits,
 * unique names, mounts that reference volumes, immutable fields) answered with 422 and every
 * error listed, nothing stored or changed; --dry-run=server never persisting; and fieldValidation
 * (Strict / Warn / Ignore) for unknown and duplicate fields in create, update and patch bodies.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { outputLines } from '../support/kubectl-output.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let workDir = '';
const ns = 'e2e-invalid';
const k = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

before(async () => {
  server = await startK8tsServer();
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-writes-validation-'));
  await k.ok(['create', 'namespace', ns]);
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

const dns1123Subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const dns1123Label =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an " +
  "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Label =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end " +
  "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const qualifiedNamePart =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const quantityFormat =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** `kubectl create -f -` of one object that must be rejected: returns stderr's lines. */
async function rejected(object: object, extra: string[] = []): Promise<string[]> {
  const result = await k.run(['create', '-f', '-', ...extra], { stdin: JSON.stringify(object) });
  assert.equal(result.code, 1, result.stdout);
  assert.equal(result.stdout, '');
  return outputLines(result.stderr);
}

/** Asserts `kubectl get` finds nothing by that name. */
async function notStored(resource: string, name: string, qualified: string): Promise<void> {
  const got = await k.run(['get', resource, name, '-n', ns]);
  assert.equal(got.stderr, `Error from server (NotFound): ${qualified} "${name}" not found\n`);
}

const container = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'main',
  image: 'registry.local/toolbox:1',
  ...extra,
});
const pod = (
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, ...metadata },
  spec,
});
const deployment = (name: string, spec: Record<string, unknown>): object => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec,
});

describe('validation classes: 422 with every error listed, nothing stored', () => {
  it('names: DNS-1123 subdomain (ConfigMap), DNS-1035 label (Service), DNS-1123 label (Namespace)', async () => {
    assert.deepEqual(
      await rejected({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: ns } }),
      [`The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${dns1123Subdomain}`],
    );
    assert.deepEqual(
      await rejected({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web.v2', namespace: ns },
        spec: { ports: [{ port: 80 }] },
      }),
      [`The Service "web.v2" is invalid: metadata.name: Invalid value: "web.v2": ${dns1035Label}`],
    );
    assert.deepEqual(await rejected({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }), [
      'The Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    assert.deepEqual(await rejected({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team-A' } }), [
      `The Namespace "Team-A" is invalid: metadata.name: Invalid value: "Team-A": ${dns1123Label}`,
    ]);
    assert.deepEqual(await rejected({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns } }), [
      'The ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    ]);
    await notStored('configmap', 'Bad_Name', 'configmaps');
  });

  it('labels and annotations: key syntax, value syntax, and the 256 KiB total', async () => {
    assert.deepEqual(
      await rejected(
        pod(
          'labelled',
          { containers: [container()] },
          { labels: { '-tier': 'x' }, annotations: { 'a b': 'x' } },
        ),
      ),
      [
        'The Pod "labelled" is invalid:',
        `* metadata.labels: Invalid value: "-tier": ${qualifiedNamePart}`,
        `* metadata.annotations: Invalid value: "a b": ${qualifiedNamePart}`,
      ],
    );
    assert.deepEqual(
      await rejected(pod('labelled', { containers: [container()] }, { labels: { tier: 'no good' } })),
      [`The Pod "labelled" is invalid: metadata.labels: Invalid value: "no good": ${labelValue}`],
    );
    const big = 'x'.repeat(140 * 1024);
    assert.deepEqual(
      await rejected({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'annotated', namespace: ns, annotations: { a: big, b: big } },
      }),
      [
        'The ConfigMap "annotated" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
      ],
    );
    await notStored('pod', 'labelled', 'pods');
    await notStored('configmap', 'annotated', 'configmaps');
  });

  it('selectors: a bad operator, an empty selector, a selector that does not match the template', async () => {
    assert.deepEqual(
      await rejected(
        deployment('selecting', {
          selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'Near' }] },
          template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container()] } },
        }),
      ),
      [
        'The Deployment "selecting" is invalid:',
        '* spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
        '* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, ' +
          'MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"Near", Values:[]string(nil)}}}: ' +
          'invalid label selector',
      ],
    );
    assert.deepEqual(
      await rejected(
        deployment('selecting', {
          selector: {},
          template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container()] } },
        }),
      ),
      [
        'The Deployment "selecting" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), ' +
          'MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    );
    assert.deepEqual(
      await rejected(
        deployment('selecting', {
          selector: { matchLabels: { app: 'x' } },
          template: { metadata: { labels: { app: 'other' } }, spec: { containers: [container()] } },
        }),
      ),
      [
        'The Deployment "selecting" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: ' +
          '`selector` does not match template `labels`',
      ],
    );
    await notStored('deployment', 'selecting', 'deployments.apps');
  });

  it('required fields', async () => {
    assert.deepEqual(await rejected(pod('bare', { containers: [{ name: 'main' }] })), [
      'The Pod "bare" is invalid: spec.containers[0].image: Required value',
    ]);
    assert.deepEqual(
      await rejected(deployment('bare', { template: { spec: { containers: [container()] } } })),
      [
        'The Deployment "bare" is invalid:',
        '* spec.selector: Required value',
        '* spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
      ],
    );
    assert.deepEqual(
      await rejected({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'bare', namespace: ns },
        spec: { selector: { app: 'x' } },
      }),
      ['The Service "bare" is invalid: spec.ports: Required value'],
    );
    assert.deepEqual(
      await rejected({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'bare', namespace: ns },
        spec: {
          schedule: 'never',
          jobTemplate: { spec: { template: { spec: { containers: [container()] } } } },
        },
      }),
      [
        'The CronJob "bare" is invalid:',
        '* spec.schedule: Invalid value: "never": expected exactly 5 fields, found 1: [never]',
        '* spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      ],
    );
    await notStored('pod', 'bare', 'pods');
  });

  it('ranges: replicas, ports and a job parallelism', async () => {
    assert.deepEqual(
      await rejected({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ranges', namespace: ns },
        spec: {
          ports: [
            { name: 'a', port: 0 },
            { name: 'b', port: 80, targetPort: 70000 },
          ],
        },
      }),
      [
        'The Service "ranges" is invalid:',
        '* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        '* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        '* spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    );
    assert.deepEqual(
      await rejected({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'ranges', namespace: ns },
        spec: {
          parallelism: -1,
          backoffLimit: -2,
          template: { spec: { restartPolicy: 'Never', containers: [container()] } },
        },
      }),
      [
        'The Job "ranges" is invalid:',
        '* spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
        '* spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
      ],
    );
  });

  it('quantities: a malformed one fails decoding (400), a negative one validation (422)', async () => {
    const malformed = await k.run(['create', '-f', '-'], {
      stdin: JSON.stringify(
        pod('sized', { containers: [container({ resources: { limits: { memory: '1Gx' } } })] }),
      ),
    });
    assert.equal(malformed.code, 1);
    assert.equal(
      malformed.stderr,
      `Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: ${quantityFormat}\n`,
    );
    const suffix = await k.run(['create', '-f', '-'], {
      stdin: JSON.stringify(
        pod('sized', { containers: [container({ resources: { limits: { memory: '1GG' } } })] }),
      ),
    });
    assert.equal(
      suffix.stderr,
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: ' +
        "unable to parse quantity's suffix\n",
    );
    assert.deepEqual(
      await rejected(pod('sized', { containers: [container({ resources: { requests: { cpu: '-1' } } })] })),
      [
        'The Pod "sized" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      ],
    );
    await notStored('pod', 'sized', 'pods');
  });

  it('requests must not exceed limits', async () => {
    assert.deepEqual(
      await rejected(
        pod('greedy', {
          containers: [
            container({ resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } }),
          ],
        }),
      ),
      [
        'The Pod "greedy" is invalid: spec.containers[0].resources.requests: Invalid value: "1Gi": ' +
          'must be less than or equal to memory limit of 512Mi',
      ],
    );
  });

  it('unique names: containers, volumes, ports; and mounts must name a volume', async () => {
    assert.deepEqual(
      await rejected(
        pod('twins', {
          containers: [
            container({
              ports: [
                { name: 'http', containerPort: 80 },
                { name: 'http', containerPort: 81 },
              ],
              volumeMounts: [{ name: 'missing', mountPath: '/data' }],
            }),
            container(),
          ],
          volumes: [
            { name: 'cache', emptyDir: {} },
            { name: 'cache', emptyDir: {} },
          ],
        }),
      ),
      [
        'The Pod "twins" is invalid:',
        '* spec.volumes[1].name: Duplicate value: "cache"',
        '* spec.containers[0].ports[1].name: Duplicate value: "http"',
        '* spec.containers[0].volumeMounts[0].name: Not found: "missing"',
        '* spec.containers[1].name: Duplicate value: "main"',
      ],
    );
    await notStored('pod', 'twins', 'pods');
  });

  it('several classes in one request are all reported, in upstream order', async () => {
    const file = join(workDir, 'everything-wrong.yaml');
    await writeFile(
      file,
      toYaml(
        deployment('wrong', {
          replicas: -2,
          selector: { matchLabels: { app: 'wrong' } },
          template: {
            metadata: { labels: { app: 'other' } },
            spec: {
              containers: [
                container({
                  ports: [{ containerPort: 70000 }],
                  resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
                  volumeMounts: [{ name: 'nowhere', mountPath: '/x' }],
                }),
                { name: 'Bad_Name', image: 'registry.local/toolbox:1' },
              ],
            },
          },
        }),
      ),
    );
    const result = await k.run(['apply', '-f', file]);
    assert.equal(result.code, 1);
    assert.deepEqual(outputLines(result.stderr), [
      'The Deployment "wrong" is invalid:',
      '* spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      '* spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      '* spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nowhere"',
      '* spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      `* spec.template.spec.containers[1].name: Invalid value: "Bad_Name": ${dns1123Label}`,
    ]);
    await notStored('deployment', 'wrong', 'deployments.apps');
  });
});

describe('immutable fields on update: 422 and the stored object unchanged', () => {
  /** Runs a rejected change and checks that the object's resourceVersion did not move. */
  async function refused(target: string[], args: string[], trailing: string[] = []): Promise<string> {
    const before = await k.jsonpath([...target, '-n', ns], '{.metadata.resourceVersion}');
    const result = await k.run([...args, ...target, '-n', ns, ...trailing]);
    assert.equal(result.code, 1, result.stdout);
    assert.equal(await k.jsonpath([...target, '-n', ns], '{.metadata.resourceVersion}'), before);
    return result.stderr;
  }

  before(async () => {
    await k.ok(['create', 'deployment', 'fixed', '-n', ns, '--image=registry.local/toolbox:1']);
    await k.ok(['create', 'job', 'once', '-n', ns, '--image=registry.local/toolbox:1']);
    await k.ok(['create', 'service', 'clusterip', 'stable', '-n', ns, '--tcp=80']);
    await k.ok(['create', 'configmap', 'frozen', '-n', ns, '--from-literal=a=1']);
    await k.ok(['patch', 'configmap', 'frozen', '-n', ns, '--type=merge', '-p', '{"immutable":true}']);
    await k.ok(['run', 'running', '-n', ns, '--image=registry.local/toolbox:1']);
    await k.ok(['create', '-f', '-'], {
      stdin: JSON.stringify({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'claim', namespace: ns },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    });
  });

  it('Deployment selector', async () => {
    const stderr = await refused(
      ['deployment', 'fixed'],
      [
        'patch',
        '--type=merge',
        '-p',
        '{"spec":{"selector":{"matchLabels":{"app":"moved"}},"template":{"metadata":{"labels":{"app":"moved"}}}}}',
      ],
    );
    assert.equal(
      stderr,
      'The Deployment "fixed" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"moved"}, ' +
        'MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
    );
  });

  it('Job template', async () => {
    const stderr = await refused(['job', 'once'], ['set', 'image'], ['once=registry.local/toolbox:2']);
    assert.match(
      stderr,
      /^error: failed to patch image update to pod template: Job\.batch "once" is invalid: spec\.template: Invalid value: .*: field is immutable\n$/s,
    );
  });

  it('Service clusterIP', async () => {
    const ip = await k.jsonpath(['service', 'stable', '-n', ns], '{.spec.clusterIP}');
    const other = ip.endsWith('.9') ? ip.replace(/\.9$/, '.8') : ip.replace(/\.\d+$/, '.9');
    const stderr = await refused(
      ['service', 'stable'],
      ['patch', '--type=merge', '-p', JSON.stringify({ spec: { clusterIP: other } })],
    );
    assert.equal(
      stderr,
      `The Service "stable" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${other}"}: may not change once set\n`,
    );
  });

  it('an immutable ConfigMap', async () => {
    const stderr = await refused(
      ['configmap', 'frozen'],
      ['patch', '--type=merge', '-p', '{"data":{"a":"2"}}'],
    );
    assert.equal(
      stderr,
      'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set\n',
    );
  });

  it('a pod spec beyond the mutable fields', async () => {
    const stderr = await refused(
      ['pod', 'running'],
      ['patch', '--type=merge', '-p', '{"spec":{"restartPolicy":"Never"}}'],
    );
    assert.equal(
      stderr.split('\n')[0],
      'The Pod "running" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,' +
        '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
        '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    assert.equal(await k.jsonpath(['pod', 'running', '-n', ns], '{.spec.restartPolicy}'), 'Always');
  });

  it('a PVC spec other than its requests', async () => {
    const stderr = await refused(
      ['pvc', 'claim'],
      ['patch', '--type=merge', '-p', '{"spec":{"accessModes":["ReadWriteMany"]}}'],
    );
    assert.equal(
      stderr.split('\n')[0],
      'The PersistentVolumeClaim "claim" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests ' +
        'and volumeAttributesClassName for bound claims',
    );
  });

  it('a replace with an invalid change is refused the same way', async () => {
    const live = await k.yaml(['deployment', 'fixed', '-n', ns]);
    (live['spec'] as { selector: unknown }).selector = { matchLabels: { app: 'moved' } };
    const result = await k.run(['replace', '-f', '-'], { stdin: toYaml(live) });
    assert.equal(result.code, 1);
    assert.deepEqual(outputLines(result.stderr), [
      'The Deployment "fixed" is invalid:',
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"fixed"}: `selector` does not match template `labels`',
      '* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"moved"}, ' +
        'MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('--dry-run=server never persists', () => {
  it('create, apply, replace, patch, label, scale and delete', async () => {
    const cm = (data: Record<string, string>): string =>
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: ns }, data });
    assert.equal(
      (await k.ok(['create', '-f', '-', '--dry-run=server'], { stdin: cm({ a: '1' }) })).stdout,
      'configmap/dry created (server dry run)\n',
    );
    assert.equal(
      (await k.ok(['apply', '-f', '-', '--dry-run=server'], { stdin: cm({ a: '1' }) })).stdout,
      'configmap/dry created (server dry run)\n',
    );
    await notStored('configmap', 'dry', 'configmaps');

    await k.ok(['create', '-f', '-'], { stdin: cm({ a: '1' }) });
    const rv = await k.jsonpath(['configmap', 'dry', '-n', ns], '{.metadata.resourceVersion}');
    for (const args of [
      ['replace', '-f', '-'],
      ['apply', '-f', '-'],
    ]) {
      await k.ok([...args, '--dry-run=server'], { stdin: cm({ a: '2' }) });
    }
    await k.ok([
      'patch',
      'configmap',
      'dry',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"data":{"a":"3"}}',
      '--dry-run=server',
    ]);
    await k.ok(['label', 'configmap', 'dry', '-n', ns, 'x=y', '--dry-run=server']);
    await k.ok(['scale', 'deployment', 'fixed', '-n', ns, '--replicas=5', '--dry-run=server']);
    await k.ok(['delete', 'configmap', 'dry', '-n', ns, '--dry-run=server']);
    assert.equal(
      await k.jsonpath(
        ['configmap', 'dry', '-n', ns],
        '{.metadata.resourceVersion} {.data.a} {.metadata.labels}',
      ),
      `${rv} 1 `,
    );
    assert.equal(await k.jsonpath(['deployment', 'fixed', '-n', ns], '{.spec.replicas}'), '1');
  });

  it('an invalid object is rejected by a dry run exactly as by a real create', async () => {
    const invalid = pod('dry-invalid', { containers: [] });
    assert.deepEqual(await rejected(invalid, ['--dry-run=server']), [
      'The Pod "dry-invalid" is invalid: spec.containers: Required value',
    ]);
  });
});

describe('fieldValidation: unknown and duplicate fields', () => {
  const withTypos = (name: string): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      `  namespace: ${ns}`,
      'spec:',
      '  replica: 2',
      '  selector:',
      '    matchLabels: {app: typo}',
      '  template:',
      '    metadata:',
      '      labels: {app: typo}',
      '    spec:',
      '      containers:',
      '      - name: main',
      '        image: registry.local/toolbox:1',
      '        imagePolicy: Always',
      '',
    ].join('\n');

  it('apply (create) with --validate=strict (the default) rejects unknown fields', async () => {
    const result = await k.run(['apply', '-f', '-'], { stdin: withTypos('typo') });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: ' +
        'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePolicy"\n',
    );
    await notStored('deployment', 'typo', 'deployments.apps');
  });

  it('apply --validate=warn creates with one warning per unknown field; --validate=false silently', async () => {
    const warned = await k.ok(['apply', '-f', '-', '--validate=warn'], { stdin: withTypos('typo') });
    assert.equal(warned.stdout, 'deployment.apps/typo created\n');
    assert.deepEqual(outputLines(warned.stderr), [
      'Warning: unknown field "spec.replica"',
      'Warning: unknown field "spec.template.spec.containers[0].imagePolicy"',
    ]);
    const ignored = await k.ok(['apply', '-f', '-', '--validate=false'], {
      stdin: withTypos('typo-ignored'),
    });
    assert.equal(ignored.stdout, 'deployment.apps/typo-ignored created\n');
    assert.equal(ignored.stderr, '');
    assert.equal(
      await k.jsonpath(['deployment', 'typo', '-n', ns], '{.spec.replicas}'),
      '1',
      'unknown fields are dropped',
    );
  });

  it('apply (patch) of an unknown field with --validate=strict: the patch is invalid, as upstream words it', async () => {
    const changed = withTypos('typo').replace('imagePolicy: Always', 'imagePolicy: Never');
    const result = await k.run(['apply', '-f', '-'], { stdin: changed });
    assert.equal(result.code, 1);
    const stderr = result.stderr;
    assert.ok(
      stderr.startsWith('The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map['),
      stderr,
    );
    assert.ok(
      stderr.endsWith(
        ']]": strict decoding error: unknown field "spec.template.spec.containers[0].imagePolicy", unknown field "spec.replica"\n',
      ),
      stderr,
    );
    assert.ok(
      stderr.includes(
        ' spec:map[replica:2 template:map[spec:map[$setElementOrder/containers:[map[name:main]] containers:[map[imagePolicy:Never name:main]]]]]]',
      ),
      stderr,
    );
  });

  it('patch (fieldValidation Warn by default) warns about unknown and duplicate fields and applies the rest', async () => {
    const result = await k.ok([
      'patch',
      'deployment',
      'typo',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"stage":"a","stage":"b"}},"spec":{"paused":true,"pasued":true}}',
    ]);
    assert.equal(result.stdout, 'deployment.apps/typo patched\n');
    assert.deepEqual(outputLines(result.stderr), [
      'Warning: duplicate field "metadata.labels.stage"',
      'Warning: unknown field "spec.pasued"',
    ]);
    assert.equal(
      await k.jsonpath(['deployment', 'typo', '-n', ns], '{.metadata.labels.stage} {.spec.paused}'),
      'b true',
    );
    const json = await k.ok([
      'patch',
      'deployment',
      'typo',
      '-n',
      ns,
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/paused","value":false,"vlaue":true}]',
    ]);
    assert.deepEqual(outputLines(json.stderr), ['Warning: json patch unknown field "[0].vlaue"']);
  });

  it('duplicate fields in a create body: Strict fails listing them in document order, Warn warns, Ignore is silent', async () => {
    const body =
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","namespace":"${ns}","name":"dup","bogus":1},` +
      '"data":{"a":"1","a":"2"},"datta":{}}';
    const file = join(workDir, 'duplicates.json');
    await writeFile(file, body);
    const url = (validation: string): string =>
      `/api/v1/namespaces/${ns}/configmaps?fieldValidation=${validation}`;
    const strict = await k.run(['create', '--raw', url('Strict'), '-f', file]);
    assert.equal(strict.code, 1);
    assert.equal(
      strict.stderr,
      'Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: ' +
        'duplicate field "metadata.name", unknown field "metadata.bogus", duplicate field "data.a", unknown field "datta"\n',
    );
    await notStored('configmap', 'dup', 'configmaps');

    const warn = await k.ok(['create', '--raw', url('Warn'), '-f', file]);
    assert.deepEqual(outputLines(warn.stderr), [
      'Warning: duplicate field "metadata.name"',
      'Warning: unknown field "metadata.bogus"',
      'Warning: duplicate field "data.a"',
      'Warning: unknown field "datta"',
    ]);
    assert.equal(
      await k.jsonpath(['configmap', 'dup', '-n', ns], '{.data.a}'),
      '2',
      'the last duplicate wins',
    );

    await k.ok(['delete', 'configmap', 'dup', '-n', ns]);
    const ignore = await k.ok(['create', '--raw', url('Ignore'), '-f', file]);
    assert.equal(ignore.stderr, '');
  });

  it('duplicate fields in an update body under Strict', async () => {
    const file = join(workDir, 'duplicates-update.json');
    await writeFile(
      file,
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","namespace":"${ns}"},"data":{"a":"3"},"data":{"a":"4"}}`,
    );
    const result = await k.run([
      'replace',
      '--raw',
      `/api/v1/namespaces/${ns}/configmaps/dup?fieldValidation=Strict`,
      '-f',
      file,
    ]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data"\n',
    );
    assert.equal(await k.jsonpath(['configmap', 'dup', '-n', ns], '{.data.a}'), '2');
  });
});
