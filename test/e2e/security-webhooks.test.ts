/**
 * Dynamic admission webhooks through the real kubectl: a test webhook on 127.0.0.1 with its own CA
 * mutates (adds a label with a JSON patch) and validates (refuses names); server-side dry runs
 * reach webhooks with sideEffects None; with the webhook down, failurePolicy Fail refuses with
 * upstream's message and Ignore admits; webhooks never see the webhook configurations themselves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import {
  type AdmissionRequest,
  startTestWebhookServer,
  type TestWebhookServer,
} from '../support/test-webhook-server.js';

let server: K8tsServer | undefined;
let webhook: TestWebhookServer | undefined;
const ns = 'webhooks-e2e';
const mutatedLabel = 'webhook.example.com/mutated';

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const ok = (args: string[], stdin?: string) =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin !== undefined ? { stdin } : {}) });
const run = (args: string[], stdin?: string) =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin !== undefined ? { stdin } : {}) });

/** Adds the label (creating the labels map when the object has none). */
function mutate(request: AdmissionRequest): Record<string, unknown> {
  const labels = request.object?.metadata?.labels;
  const patch = labels
    ? [{ op: 'add', path: `/metadata/labels/${mutatedLabel.replace('/', '~1')}`, value: 'true' }]
    : [{ op: 'add', path: '/metadata/labels', value: { [mutatedLabel]: 'true' } }];
  return {
    allowed: true,
    patchType: 'JSONPatch',
    patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
  };
}

/** Refuses names starting with "forbidden-": configmaps with a bare 403, pods with reason Forbidden. */
function validate(request: AdmissionRequest): Record<string, unknown> {
  const name = request.object?.metadata?.name ?? '';
  if (!name.startsWith('forbidden-')) return { allowed: true, warnings: [`checked ${name}`] };
  const message = `the name "${name}" is not allowed`;
  const status =
    request.kind.kind === 'Pod' ? { code: 403, reason: 'Forbidden', message } : { code: 403, message };
  return { allowed: false, status };
}

function configuration(kind: string, name: string, hook: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: [
      {
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        namespaceSelector: { matchLabels: { 'webhooks-e2e': 'on' } },
        ...hook,
      },
    ],
  });
}

function clientConfig(path: string): Record<string, unknown> {
  if (webhook === undefined) throw new Error('webhook did not start');
  return { url: `${webhook.url}${path}`, caBundle: webhook.caBundle };
}

const configMapRule = {
  operations: ['CREATE'],
  apiGroups: [''],
  apiVersions: ['v1'],
  resources: ['configmaps'],
};
const podRule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };

before(async () => {
  [server, webhook] = await Promise.all([
    startK8tsServer(),
    startTestWebhookServer({ '/mutate': mutate, '/validate': validate }),
  ]);
  await ok(['create', 'namespace', ns]);
  await ok(['label', 'namespace', ns, 'webhooks-e2e=on']);
  // Pods need their ServiceAccount; no controller manager runs here to make it.
  await ok(['create', 'serviceaccount', 'default', '-n', ns]);
  await ok(
    ['create', '-f', '-'],
    configuration('MutatingWebhookConfiguration', 'add-label', {
      name: 'add.label.example.com',
      clientConfig: clientConfig('/mutate'),
      rules: [configMapRule],
    }),
  );
  await ok(
    ['create', '-f', '-'],
    configuration('ValidatingWebhookConfiguration', 'deny-names', {
      name: 'deny.names.example.com',
      clientConfig: clientConfig('/validate'),
      rules: [configMapRule, podRule],
    }),
  );
  // The configurations reach admission through the watch cache: wait until they take effect.
  await eventually(async () => {
    const labels = (await ok(['create', 'configmap', 'probe', '-n', ns, '--dry-run=server', '-o', 'json']))
      .stdout;
    assert.ok(labels.includes(mutatedLabel));
  }, 10_000);
});

after(async () => {
  await webhook?.close();
  await server?.stop();
});

describe('webhook configurations', () => {
  it('kubectl get lists them with upstream columns', async () => {
    const { stdout } = await ok(['get', 'validatingwebhookconfigurations']);
    assert.match(stdout, /^NAME\s+WEBHOOKS\s+AGE\n/);
    assert.match(stdout, /\ndeny-names\s+1\s+\S+\n/);
    const mutating = await ok(['get', 'mutatingwebhookconfigurations', 'add-label', '-o', 'json']);
    const hook = (JSON.parse(mutating.stdout) as { webhooks: Record<string, unknown>[] }).webhooks[0]!;
    assert.deepEqual(
      [hook['failurePolicy'], hook['matchPolicy'], hook['timeoutSeconds'], hook['reinvocationPolicy']],
      ['Fail', 'Equivalent', 10, 'Never'],
    );
    assert.deepEqual(hook['objectSelector'], {});
  });

  it('refuses an invalid configuration with upstream messages', async () => {
    const r = await run(
      ['create', '-f', '-'],
      configuration('ValidatingWebhookConfiguration', 'invalid', {
        name: 'short.name',
        sideEffects: 'Some',
        clientConfig: { url: 'http://127.0.0.1/x' },
        rules: [configMapRule],
      }),
    );
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'The ValidatingWebhookConfiguration "invalid" is invalid: \n' +
        '* webhooks[0].name: Invalid value: "short.name": should be a domain with at least three segments separated by dots\n' +
        '* webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"\n' +
        `* webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
    );
  });
});

describe('a mutating and a validating webhook', () => {
  it('the mutating webhook adds its label, and the validating one warns', async () => {
    const { stderr } = await ok(['create', 'configmap', 'plain', '-n', ns, '--from-literal=a=b']);
    assert.equal(stderr, 'Warning: checked plain\n');
    const labels = await ok(['get', 'configmap', 'plain', '-n', ns, '-o', 'jsonpath={.metadata.labels}']);
    assert.equal(labels.stdout, `{"${mutatedLabel}":"true"}`);
    const seen = webhook!.requests.find((r) => r.path === '/mutate' && r.request.name === 'plain');
    assert.ok(seen, 'the mutating webhook saw the create');
    assert.equal(seen.query, '?timeout=10s');
    assert.equal(seen.request.operation, 'CREATE');
    assert.equal(seen.request.namespace, ns);
    assert.deepEqual(seen.request.kind, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.deepEqual(seen.request.resource, { group: '', version: 'v1', resource: 'configmaps' });
    assert.equal(seen.request.userInfo.username, 'kubernetes-admin');
    assert.equal(seen.request.dryRun, false);
    assert.equal(seen.request.options?.kind, 'CreateOptions');
  });

  it('the validating webhook refuses a configmap name with its message', async () => {
    const r = await run(['create', 'configmap', 'forbidden-cm', '-n', ns]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: failed to create configmap: admission webhook "deny.names.example.com" denied the request: ' +
        'the name "forbidden-cm" is not allowed\n',
    );
    assert.equal((await run(['get', 'configmap', 'forbidden-cm', '-n', ns])).code, 1);
  });

  it('the validating webhook refuses a pod name, with its reason', async () => {
    const r = await run(['run', 'forbidden-pod', '-n', ns, '--image=registry.local/app:1']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'Error from server (Forbidden): admission webhook "deny.names.example.com" denied the request: ' +
        'the name "forbidden-pod" is not allowed\n',
    );
    await ok(['run', 'allowed-pod', '-n', ns, '--image=registry.local/app:1']);
  });

  it('a server-side dry run reaches webhooks with sideEffects None and stores nothing', async () => {
    const { stdout } = await ok(['create', 'configmap', 'dry', '-n', ns, '--dry-run=server', '-o', 'json']);
    const object = JSON.parse(stdout) as { metadata: { labels?: Record<string, string> } };
    assert.equal(object.metadata.labels?.[mutatedLabel], 'true');
    const seen = webhook!.requests.filter((r) => r.request.name === 'dry');
    assert.deepEqual(
      seen.map((r) => [r.path, r.request.dryRun]),
      [
        ['/mutate', true],
        ['/validate', true],
      ],
    );
    assert.equal((await run(['get', 'configmap', 'dry', '-n', ns])).code, 1);
  });

  it('namespaces outside the namespaceSelector are not sent to the webhooks', async () => {
    await ok(['create', 'configmap', 'forbidden-elsewhere', '-n', 'default']);
    const labels = await ok([
      'get',
      'configmap',
      'forbidden-elsewhere',
      '-n',
      'default',
      '-o',
      'jsonpath={.metadata.labels}',
    ]);
    assert.equal(labels.stdout, '');
  });
});

describe('with the webhook down', () => {
  before(async () => {
    await webhook?.close();
  });

  it('failurePolicy Fail refuses with upstream message', async () => {
    const r = await run(['create', 'configmap', 'while-down', '-n', ns]);
    assert.equal(r.code, 1);
    const port = new URL(webhook!.url).port;
    assert.equal(
      r.stderr,
      'error: failed to create configmap: Internal error occurred: failed calling webhook "add.label.example.com": ' +
        `failed to call webhook: Post "https://127.0.0.1:${port}/mutate?timeout=10s": ` +
        `dial tcp 127.0.0.1:${port}: connect: connection refused\n`,
    );
  });

  it('webhook configurations stay writable even when a webhook covering them is down', async () => {
    await ok(
      ['create', '-f', '-'],
      configuration('ValidatingWebhookConfiguration', 'covers-itself', {
        name: 'covers.itself.example.com',
        namespaceSelector: {},
        clientConfig: { url: 'https://127.0.0.1:1/validate' },
        rules: [
          {
            operations: ['*'],
            apiGroups: ['admissionregistration.k8s.io'],
            apiVersions: ['*'],
            resources: ['*'],
          },
        ],
      }),
    );
    await ok(['label', 'validatingwebhookconfiguration', 'covers-itself', 'touched=yes']);
    await ok(['delete', 'validatingwebhookconfiguration', 'covers-itself']);
  });

  it('failurePolicy Ignore admits', async () => {
    const ignore = '[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]';
    await ok(['patch', 'mutatingwebhookconfiguration', 'add-label', '--type=json', '-p', ignore]);
    await ok(['patch', 'validatingwebhookconfiguration', 'deny-names', '--type=json', '-p', ignore]);
    await eventually(() => ok(['create', 'configmap', 'forbidden-while-down', '-n', ns]), 10_000);
    const labels = await ok([
      'get',
      'configmap',
      'forbidden-while-down',
      '-n',
      ns,
      '-o',
      'jsonpath={.metadata.labels}',
    ]);
    assert.equal(labels.stdout, '');
  });
});
