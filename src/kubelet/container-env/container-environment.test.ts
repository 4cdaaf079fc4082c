import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import { notFound, forbidden } from '../../machinery/errors/index.js';
import type { ConfigObjectSource } from './config-objects.js';
import { resolveContainerEnv, type ContainerEnvInput } from './container-environment.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

// The kubelet's object source over fixed objects: what a lister cache hands the env builder.
function objects(configMaps: ConfigMap[], secrets: Secret[]): ConfigObjectSource & { reads: string[] } {
  const reads: string[] = [];
  const find = <T extends ConfigMap | Secret>(list: T[], kind: string, ns: string, name: string): T => {
    reads.push(`${kind}/${ns}/${name}`);
    if (name === 'forbidden')
      throw forbidden({ group: '', resource: 'configmaps' }, name, 'no relationship found');
    const found = list.find((o) => o.metadata?.namespace === ns && o.metadata?.name === name);
    if (!found) throw notFound({ group: '', resource: kind }, name);
    return found;
  };
  return {
    reads,
    configMap: async (ns, name) => find(configMaps, 'configmap', ns, name),
    secret: async (ns, name) => find(secrets, 'secret', ns, name),
  };
}

const source = objects(
  [
    {
      metadata: { namespace: 'shop', name: 'settings' },
      data: { MODE: 'prod', 'log.level': 'debug', PORT: '8080' },
    },
  ],
  [{ metadata: { namespace: 'shop', name: 'creds' }, data: { PASSWORD: b64('s3cr3t'), TOKEN: b64('abc') } }],
);

const services: Service[] = [
  {
    metadata: { namespace: 'default', name: 'kubernetes' },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] },
  },
  {
    metadata: { namespace: 'shop', name: 'cart' },
    spec: { clusterIP: '10.96.0.30', ports: [{ port: 9000 }] },
  },
];

function pod(container: Container, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', labels: { app: 'web' } },
    spec: {
      nodeName: 'node-a',
      serviceAccountName: 'default',
      enableServiceLinks: true,
      containers: [container],
      ...extra,
    },
  };
}

function input(container: Container, over: Partial<ContainerEnvInput> = {}): ContainerEnvInput {
  return {
    pod: pod(container),
    container,
    addresses: { podIPs: ['10.244.0.9'], hostIPs: ['192.168.1.10'] },
    services,
    nodeAllocatable: { cpu: '4', memory: '8Gi' },
    objects: source,
    ...over,
  };
}

async function envOf(
  container: Container,
  over: Partial<ContainerEnvInput> = {},
): Promise<Map<string, string>> {
  const result = await resolveContainerEnv(input(container, over));
  assert.equal(result.ok, true, result.ok ? '' : result.message);
  return new Map(result.ok ? result.env.map((kv) => [kv.key, kv.value]) : []);
}

async function errorOf(container: Container, over: Partial<ContainerEnvInput> = {}): Promise<string> {
  const result = await resolveContainerEnv(input(container, over));
  assert.equal(result.ok, false);
  if (result.ok) return '';
  assert.equal(result.reason, 'CreateContainerConfigError');
  return result.message;
}

test('envFrom first (with prefix, every key passed on), env overrides it, values expand earlier vars and services', async () => {
  const env = await envOf({
    name: 'app',
    envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'S_', secretRef: { name: 'creds' } }],
    env: [
      { name: 'MODE', value: 'staging' },
      { name: 'URL', value: 'http://$(CART_SERVICE_HOST):$(PORT)/$(MODE)/$(LATER)' },
      { name: 'LATER', value: 'x' },
      { name: 'ESCAPED', value: '$$(MODE)' },
      { name: 'EMPTY', value: '' },
    ],
  });
  assert.equal(env.get('MODE'), 'staging');
  assert.equal(env.get('log.level'), 'debug', '1.32 no longer skips keys that are not C identifiers');
  assert.equal(env.get('S_PASSWORD'), 's3cr3t');
  assert.equal(
    env.get('URL'),
    'http://10.96.0.30:8080/staging/$(LATER)',
    'later variables are not visible yet',
  );
  assert.equal(env.get('ESCAPED'), '$(MODE)');
  assert.equal(env.get('EMPTY'), '');
  assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  assert.equal(env.get('CART_PORT_9000_TCP'), 'tcp://10.96.0.30:9000');
});

test('fieldRef, resourceFieldRef (own and named container, defaulted limits), configMapKeyRef and secretKeyRef', async () => {
  const container: Container = {
    name: 'app',
    resources: { requests: { cpu: '500m' } },
    env: [
      { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'NAMED', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } } },
      { name: 'CM', valueFrom: { configMapKeyRef: { name: 'settings', key: 'PORT' } } },
      { name: 'SEC', valueFrom: { secretKeyRef: { name: 'creds', key: 'TOKEN' } } },
      { name: 'OPT_CM', valueFrom: { configMapKeyRef: { name: 'absent', key: 'x', optional: true } } },
      { name: 'OPT_KEY', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope', optional: true } } },
    ],
  };
  const env = await envOf(container);
  assert.equal(env.get('POD'), 'web-0');
  assert.equal(env.get('APP'), 'web');
  assert.equal(env.get('NODE'), 'node-a');
  assert.equal(env.get('IP'), '10.244.0.9');
  assert.equal(env.get('HOST'), '192.168.1.10');
  assert.equal(env.get('CPU_REQ'), '500');
  assert.equal(env.get('MEM_LIMIT'), '8192', 'the unset memory limit is node allocatable');
  assert.equal(env.get('NAMED'), '4');
  assert.equal(env.get('CM'), '8080');
  assert.equal(env.get('SEC'), 'abc');
  assert.equal(env.has('OPT_CM'), false, 'a missing optional source skips the variable');
  assert.equal(env.has('OPT_KEY'), false);
});

test('failures carry upstream messages', async () => {
  const one = (env: Container['env'], envFrom?: Container['envFrom']) =>
    errorOf({ name: 'app', env, ...(envFrom ? { envFrom } : {}) });
  assert.equal(
    await one([{ name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }]),
    'configmap "absent" not found',
  );
  assert.equal(
    await one([{ name: 'A', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }]),
    'secret "absent" not found',
  );
  assert.equal(
    await one([{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } }]),
    "couldn't find key nope in ConfigMap shop/settings",
  );
  assert.equal(
    await one([{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }]),
    "couldn't find key nope in Secret shop/creds",
  );
  assert.equal(await one([], [{ configMapRef: { name: 'absent' } }]), 'configmap "absent" not found');
  assert.equal(await one([], [{ secretRef: { name: 'absent' } }]), 'secret "absent" not found');
  assert.match(await one([], [{ configMapRef: { name: 'forbidden' } }]), /forbidden/);
  assert.equal(
    await one([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.containers' } } }]),
    'field label not supported: spec.containers',
  );
  assert.equal(
    await one([{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }]),
    'unsupported container resource : limits.gpu',
  );
  assert.equal(
    await errorOf({ name: 'app' }, { services: undefined }),
    'services have not yet been read at least once, cannot construct envvars',
  );
});

test('optional envFrom sources may be missing; a missing optional map does not excuse a later required reference', async () => {
  const env = await envOf({ name: 'app', envFrom: [{ configMapRef: { name: 'absent', optional: true } }] });
  assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  const msg = await errorOf({
    name: 'app',
    env: [
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } },
    ],
  });
  assert.equal(msg, 'configmap "absent" not found');
});

test('service links off: only the kubernetes service; static pods need no service list', async () => {
  const container: Container = { name: 'app' };
  const off = await envOf(container, { pod: pod(container, { enableServiceLinks: false }) });
  assert.equal(off.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  assert.equal(off.has('CART_SERVICE_HOST'), false);
  const staticPod = pod(container);
  staticPod.metadata!.annotations = { 'kubernetes.io/config.source': 'file' };
  const env = await envOf(container, { pod: staticPod, services: undefined });
  assert.equal(env.size, 0);
});

test('each referenced object is read once per container', async () => {
  source.reads.length = 0;
  await envOf({
    name: 'app',
    envFrom: [{ configMapRef: { name: 'settings' } }],
    env: [
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'PORT' } } },
    ],
  });
  assert.deepEqual(source.reads, ['configmap/shop/settings']);
});
