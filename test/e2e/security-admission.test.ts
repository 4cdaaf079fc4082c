/**
 * The built-in admission plugins, seen through the real kubectl against `k8ts server` with its
 * controller manager (which creates each namespace's `default` ServiceAccount and keeps quota
 * usage): Pod Security enforce and warn, ResourceQuota, LimitRanger defaults, Priority, default
 * tolerations, NamespaceLifecycle, the ServiceAccount token volume and the storage defaults.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const ok = (args: string[], stdin?: string) =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin !== undefined ? { stdin } : {}) });
const run = (args: string[], stdin?: string) =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin !== undefined ? { stdin } : {}) });

/** Creates a namespace and waits for its `default` ServiceAccount (made by the controller). */
async function namespace(name: string, labels: string[] = []): Promise<void> {
  await ok(['create', 'namespace', name]);
  if (labels.length > 0) await ok(['label', 'namespace', name, ...labels]);
  await eventually(() => ok(['get', 'serviceaccount', 'default', '-n', name]), 15_000);
}

/** The parts of a pod these tests look at. */
interface PodView {
  metadata: { annotations?: Record<string, string> };
  spec: {
    priority?: number;
    preemptionPolicy?: string;
    tolerations?: unknown[];
    serviceAccountName?: string;
    serviceAccount?: string;
    volumes: { name: string; projected?: unknown }[];
    containers: { resources?: unknown; volumeMounts?: unknown }[];
  };
}

async function podJson(name: string, ns: string): Promise<PodView> {
  return JSON.parse((await ok(['get', 'pod', name, '-n', ns, '-o', 'json'])).stdout) as PodView;
}

const privilegedPod = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x' },
  spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] },
});

before(async () => {
  server = await startK8tsServer({ controlPlane: true });
});

after(async () => {
  await server?.stop();
});

describe('PodSecurity', () => {
  it('enforce=restricted rejects a privileged pod with upstream message', async () => {
    await namespace('restricted', ['pod-security.kubernetes.io/enforce=restricted']);
    const r = await run(['create', '-n', 'restricted', '-f', '-'], privilegedPod);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: ' +
        'violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    assert.equal((await run(['get', 'pod', 'x', '-n', 'restricted'])).code, 1);
  });

  it('warn=baseline admits the pod and kubectl prints the warning', async () => {
    await namespace('warned', ['pod-security.kubernetes.io/warn=baseline']);
    const r = await ok(['create', '-n', 'warned', '-f', '-'], privilegedPod);
    assert.equal(r.stdout.trim(), 'pod/x created');
    assert.equal(
      r.stderr.trim(),
      'Warning: would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('tightening enforce on a namespace warns about the pods that would now be refused', async () => {
    const r = await ok(['label', 'namespace', 'warned', 'pod-security.kubernetes.io/enforce=baseline']);
    assert.match(
      r.stderr,
      /Warning: existing pods in namespace "warned" violate the new PodSecurity enforce level "baseline:latest"\nWarning: x: privileged\n/,
    );
  });
});

describe('ResourceQuota', () => {
  it('pods=2 rejects the third pod with upstream message and shows the usage', async () => {
    await namespace('quota');
    await ok(['create', 'quota', 'q', '--hard=pods=2', '-n', 'quota']);
    // The quota controller fills in status.hard and status.used before admission enforces it.
    await eventually(async () => {
      const used = (await ok(['get', 'quota', 'q', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}']))
        .stdout;
      assert.equal(used, '0');
    }, 15_000);
    await ok(['run', 'p1', '--image=nginx', '-n', 'quota']);
    await ok(['run', 'p2', '--image=nginx', '-n', 'quota']);
    const r = await run(['run', 'p3', '--image=nginx', '-n', 'quota']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    );
    const status = JSON.parse((await ok(['get', 'quota', 'q', '-n', 'quota', '-o', 'json'])).stdout) as {
      status: unknown;
    };
    assert.deepEqual(status.status, { hard: { pods: '2' }, used: { pods: '2' } });
  });
});

describe('LimitRanger', () => {
  it("a LimitRange's defaults appear on a created pod, with the limit-ranger annotation", async () => {
    await namespace('limited');
    const limitRange = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults' },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '256Mi' },
            defaultRequest: { cpu: '100m', memory: '128Mi' },
          },
        ],
      },
    };
    await ok(['create', '-n', 'limited', '-f', '-'], JSON.stringify(limitRange));
    await ok(['run', 'web', '--image=nginx', '-n', 'limited']);
    const pod = await podJson('web', 'limited');
    assert.deepEqual(pod.spec.containers[0]!.resources, {
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    assert.equal(
      pod.metadata.annotations?.['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web',
    );
  });

  it('refuses a pod above the maximum with upstream message', async () => {
    const limitRange = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'max' },
      spec: { limits: [{ type: 'Container', max: { cpu: '1' } }] },
    };
    await ok(['create', '-n', 'limited', '-f', '-'], JSON.stringify(limitRange));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'big' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '2' } } }] },
    };
    const r = await run(['create', '-n', 'limited', '-f', '-'], JSON.stringify(pod));
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: ' +
        'maximum cpu usage per Container is 1, but limit is 2',
    );
  });
});

describe('Priority and DefaultTolerationSeconds', () => {
  it('the system priority classes exist from the start', async () => {
    const names = (await ok(['get', 'priorityclasses', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout;
    assert.deepEqual(names.split(' ').sort(), ['system-cluster-critical', 'system-node-critical']);
    const refused = await run(['delete', 'priorityclass', 'system-node-critical']);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr.trim(),
      'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    );
  });

  it('a pod with priorityClassName gets .spec.priority; every pod tolerates node loss for 300 s', async () => {
    await namespace('prio');
    await ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important']);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'important' },
      spec: { priorityClassName: 'high', containers: [{ name: 'c', image: 'nginx' }] },
    };
    await ok(['create', '-n', 'prio', '-f', '-'], JSON.stringify(pod));
    const created = await podJson('important', 'prio');
    assert.equal(created.spec.priority, 1000);
    assert.equal(created.spec.preemptionPolicy, 'PreemptLowerPriority');
    assert.deepEqual(created.spec.tolerations, [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    await ok([
      'run',
      'critical',
      '--image=nginx',
      '-n',
      'prio',
      '--overrides',
      '{"spec":{"priorityClassName":"system-cluster-critical"}}',
    ]);
    assert.equal((await podJson('critical', 'prio')).spec.priority, 2000000000);
  });

  it('refuses an unknown priority class with upstream message', async () => {
    const r = await run([
      'run',
      'lost',
      '--image=nginx',
      '-n',
      'prio',
      '--overrides',
      '{"spec":{"priorityClassName":"nope"}}',
    ]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): pods "lost" is forbidden: no PriorityClass with name nope was found',
    );
  });
});

describe('NamespaceLifecycle', () => {
  it('rejects a pod in a namespace being deleted', async () => {
    await namespace('doomed');
    // A finalizer on a ConfigMap holds the namespace in Terminating while the test looks.
    const held = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    };
    await ok(['create', '-n', 'doomed', '-f', '-'], JSON.stringify(held));
    await ok(['delete', 'namespace', 'doomed', '--wait=false']);
    const r = await run(['run', 'late', '--image=nginx', '-n', 'doomed']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): pods "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    await ok([
      'patch',
      'configmap',
      'held',
      '-n',
      'doomed',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
  });

  it('rejects a pod in a missing namespace and keeps the system namespaces', async () => {
    const r = await run(['run', 'lost', '--image=nginx', '-n', 'nowhere']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (NotFound): namespaces "nowhere" not found');
    const d = await run(['delete', 'namespace', 'kube-system']);
    assert.equal(d.code, 1);
    assert.equal(
      d.stderr.trim(),
      'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });
});

describe('ServiceAccount', () => {
  it('mounts the projected kube-api-access volume in every container', async () => {
    await namespace('accounts');
    await ok(['run', 'app', '--image=nginx', '-n', 'accounts']);
    const pod = await podJson('app', 'accounts');
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.equal(pod.spec.serviceAccount, 'default');
    const volume = pod.spec.volumes[0]!;
    assert.match(volume.name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(volume.projected, {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    });
    assert.deepEqual(pod.spec.containers[0]!.volumeMounts, [
      { name: volume.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ]);
  });

  it('refuses a pod whose service account does not exist', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ghostly' },
      spec: { serviceAccountName: 'ghost', containers: [{ name: 'c', image: 'nginx' }] },
    };
    const r = await run(['create', '-n', 'accounts', '-f', '-'], JSON.stringify(pod));
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): error when creating "STDIN": pods "ghostly" is forbidden: ' +
        'error looking up service account accounts/ghost: serviceaccount "ghost" not found',
    );
  });
});

describe('storage admission', () => {
  it('a claim without a class gets the default StorageClass and the pvc-protection finalizer', async () => {
    const sc = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'example.com/none',
    };
    await ok(['create', '-f', '-'], JSON.stringify(sc));
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    await ok(['create', '-n', 'accounts', '-f', '-'], JSON.stringify(pvc));
    const got = JSON.parse((await ok(['get', 'pvc', 'data', '-n', 'accounts', '-o', 'json'])).stdout) as {
      metadata: { finalizers: string[] };
      spec: { storageClassName: string };
    };
    assert.equal(got.spec.storageClassName, 'standard');
    assert.deepEqual(got.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  });
});
