/**
 * Every `kubectl create <generator>` (sent as Kubernetes protobuf), `kubectl autoscale`,
 * `kubectl expose` and `kubectl run`, each followed by `get -o yaml` of what was stored: the
 * object as Kubernetes 1.32 stores it for the same command, defaults included (Deployment
 * strategy 25%/25%, Service ipFamilies and allocated clusterIP/nodePort, Job and CronJob defaults,
 * pod defaults, ...).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubectlSession, stableObject } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let workDir = '';
const ns = 'e2e-gen';
const k = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

before(async () => {
  server = await startK8tsServer();
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-writes-create-'));
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

/** Runs a generator and checks the one line kubectl prints for it. */
async function created(args: string[], line: string): Promise<void> {
  const { stdout, stderr } = await k.ok(args);
  assert.equal(stdout, `${line}\n`, args.join(' '));
  assert.equal(stderr, '', args.join(' '));
}

/** `get -o yaml` of one object without its per-run metadata. */
async function stored(resource: string, name: string, namespace: string | undefined = ns) {
  return stableObject(await k.yaml([resource, name, ...(namespace ? ['-n', namespace] : [])]));
}

// What the API server adds to every container of a pod template that sets none of these.
const containerDefaults = {
  imagePullPolicy: 'IfNotPresent',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
const podSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('kubectl create namespace, configmap, secret', () => {
  it('namespace', async () => {
    await created(['create', 'namespace', ns], `namespace/${ns} created`);
    assert.deepEqual(await stored('namespace', ns, undefined), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { labels: { 'kubernetes.io/metadata.name': ns }, name: ns },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('configmap --from-literal', async () => {
    await created(
      ['create', 'configmap', 'literal', '-n', ns, '--from-literal=mode=fast', '--from-literal=level=3'],
      'configmap/literal created',
    );
    assert.deepEqual(await stored('configmap', 'literal'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'literal', namespace: ns },
      data: { level: '3', mode: 'fast' },
    });
  });

  it('configmap --from-file (file name and explicit key)', async () => {
    const file = join(workDir, 'app.properties');
    await writeFile(file, 'color=blue\nsize=10\n');
    await created(
      ['create', 'configmap', 'files', '-n', ns, `--from-file=${file}`, `--from-file=renamed.txt=${file}`],
      'configmap/files created',
    );
    assert.deepEqual(await stored('configmap', 'files'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'files', namespace: ns },
      data: { 'app.properties': 'color=blue\nsize=10\n', 'renamed.txt': 'color=blue\nsize=10\n' },
    });
  });

  it('configmap --from-env-file', async () => {
    const file = join(workDir, 'settings.env');
    await writeFile(file, '# a comment\nDB_HOST=db.local\n\nDB_PORT=5432\n');
    await created(
      ['create', 'configmap', 'env', '-n', ns, `--from-env-file=${file}`],
      'configmap/env created',
    );
    assert.deepEqual((await stored('configmap', 'env'))['data'], { DB_HOST: 'db.local', DB_PORT: '5432' });
  });

  it('secret generic', async () => {
    await created(
      [
        'create',
        'secret',
        'generic',
        'creds',
        '-n',
        ns,
        '--from-literal=user=admin',
        '--from-literal=pass=s3cr3t',
      ],
      'secret/creds created',
    );
    assert.deepEqual(await stored('secret', 'creds'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      data: { pass: Buffer.from('s3cr3t').toString('base64'), user: Buffer.from('admin').toString('base64') },
      type: 'Opaque',
    });
  });

  it('secret docker-registry', async () => {
    await created(
      [
        'create',
        'secret',
        'docker-registry',
        'pull',
        '-n',
        ns,
        '--docker-server=registry.local:5000',
        '--docker-username=robot',
        '--docker-password=hunter2',
        '--docker-email=robot@example.com',
      ],
      'secret/pull created',
    );
    const secret = await stored('secret', 'pull');
    assert.equal(secret['type'], 'kubernetes.io/dockerconfigjson');
    const data = secret['data'] as Record<string, string>;
    assert.deepEqual(Object.keys(data), ['.dockerconfigjson']);
    assert.deepEqual(JSON.parse(Buffer.from(data['.dockerconfigjson']!, 'base64').toString()), {
      auths: {
        'registry.local:5000': {
          username: 'robot',
          password: 'hunter2',
          email: 'robot@example.com',
          auth: Buffer.from('robot:hunter2').toString('base64'),
        },
      },
    });
  });

  it('secret tls (a throw-away key and certificate from openssl)', async () => {
    const key = join(workDir, 'tls.key');
    const cert = join(workDir, 'tls.crt');
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=e2e.example.com',
    ]);
    await created(
      ['create', 'secret', 'tls', 'web-tls', '-n', ns, `--cert=${cert}`, `--key=${key}`],
      'secret/web-tls created',
    );
    assert.deepEqual(await stored('secret', 'web-tls'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-tls', namespace: ns },
      data: {
        'tls.crt': (await readFile(cert)).toString('base64'),
        'tls.key': (await readFile(key)).toString('base64'),
      },
      type: 'kubernetes.io/tls',
    });
  });

  it('serviceaccount', async () => {
    await created(['create', 'serviceaccount', 'robot', '-n', ns], 'serviceaccount/robot created');
    assert.deepEqual(await stored('serviceaccount', 'robot'), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot', namespace: ns },
    });
  });
});

describe('kubectl create deployment, job, cronjob', () => {
  it('deployment --image --replicas --port: strategy 25%/25%, 10 revisions, 600s deadline, pod defaults', async () => {
    await created(
      [
        'create',
        'deployment',
        'web',
        '-n',
        ns,
        '--image=registry.local/toolbox:1',
        '--replicas=2',
        '--port=8080',
      ],
      'deployment.apps/web created',
    );
    assert.deepEqual(await stored('deployment', 'web'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { generation: 1, labels: { app: 'web' }, name: 'web', namespace: ns },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 2,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            containers: [
              {
                image: 'registry.local/toolbox:1',
                name: 'toolbox',
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                ...containerDefaults,
              },
            ],
            restartPolicy: 'Always',
            ...podSpecDefaults,
          },
        },
      },
      status: {},
    });
  });

  it('deployment with several images: imagePullPolicy follows each tag', async () => {
    await created(
      [
        'create',
        'deployment',
        'multi',
        '-n',
        ns,
        '--image=registry.local/a:1',
        '--image=registry.local/b:latest',
        '--image=registry.local/c',
      ],
      'deployment.apps/multi created',
    );
    assert.equal(
      await k.jsonpath(
        ['deployment', 'multi', '-n', ns],
        '{range .spec.template.spec.containers[*]}{.name}={.imagePullPolicy} {end}',
      ),
      'a=IfNotPresent b=Always c=Always ',
    );
  });

  it('job: one completion, backoffLimit 6, NonIndexed, restartPolicy Never', async () => {
    await created(
      ['create', 'job', 'once', '-n', ns, '--image=registry.local/toolbox:1', '--', 'echo', 'hi'],
      'job.batch/once created',
    );
    const job = await stored('job', 'once');
    const spec = job['spec'] as Record<string, unknown>;
    assert.deepEqual(
      {
        backoffLimit: spec['backoffLimit'],
        completionMode: spec['completionMode'],
        completions: spec['completions'],
        manualSelector: spec['manualSelector'],
        parallelism: spec['parallelism'],
        podReplacementPolicy: spec['podReplacementPolicy'],
        suspend: spec['suspend'],
      },
      {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        manualSelector: false,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        suspend: false,
      },
    );
    const podSpec = (spec['template'] as { spec: Record<string, unknown> }).spec;
    assert.deepEqual(podSpec, {
      containers: [
        { command: ['echo', 'hi'], image: 'registry.local/toolbox:1', name: 'once', ...containerDefaults },
      ],
      restartPolicy: 'Never',
      ...podSpecDefaults,
    });
    assert.deepEqual(job['status'], {});
  });

  it('cronjob: Allow, history limits 3/1, not suspended', async () => {
    await created(
      [
        'create',
        'cronjob',
        'nightly',
        '-n',
        ns,
        '--image=registry.local/toolbox:1',
        '--schedule=0 3 * * *',
        '--',
        'echo',
        'nightly',
      ],
      'cronjob.batch/nightly created',
    );
    assert.deepEqual(await stored('cronjob', 'nightly'), {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { generation: 1, name: 'nightly', namespace: ns },
      spec: {
        concurrencyPolicy: 'Allow',
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { creationTimestamp: null, name: 'nightly' },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [
                  {
                    command: ['echo', 'nightly'],
                    image: 'registry.local/toolbox:1',
                    name: 'nightly',
                    ...containerDefaults,
                  },
                ],
                restartPolicy: 'OnFailure',
                ...podSpecDefaults,
              },
            },
          },
        },
        schedule: '0 3 * * *',
        successfulJobsHistoryLimit: 3,
        suspend: false,
      },
      status: {},
    });
  });

  it('job --from=cronjob/x: owned by the cronjob, annotated as a manual run', async () => {
    await created(
      ['create', 'job', 'manual-run', '-n', ns, '--from=cronjob/nightly'],
      'job.batch/manual-run created',
    );
    const cronUid = await k.jsonpath(['cronjob', 'nightly', '-n', ns], '{.metadata.uid}');
    const job = await stored('job', 'manual-run');
    const meta = job['metadata'] as Record<string, unknown>;
    assert.deepEqual(meta['annotations'], { 'cronjob.kubernetes.io/instantiate': 'manual' });
    assert.deepEqual(meta['ownerReferences'], [
      { apiVersion: 'batch/v1', controller: true, kind: 'CronJob', name: 'nightly', uid: cronUid },
    ]);
    const spec = job['spec'] as { template: { spec: Record<string, unknown> }; backoffLimit: number };
    assert.equal(spec.backoffLimit, 6);
    assert.deepEqual(spec.template.spec, {
      containers: [
        {
          command: ['echo', 'nightly'],
          image: 'registry.local/toolbox:1',
          name: 'nightly',
          ...containerDefaults,
        },
      ],
      restartPolicy: 'OnFailure',
      ...podSpecDefaults,
    });
  });
});

describe('kubectl create service', () => {
  const serviceCidr = /^10\.43\.\d{1,3}\.\d{1,3}$/;

  /** Checks and removes the allocated addresses and ports, returning what is left to compare whole. */
  function withoutAllocations(service: Record<string, unknown>): Record<string, unknown> {
    const spec = service['spec'] as Record<string, unknown>;
    if (spec['clusterIP'] !== 'None' && spec['type'] !== 'ExternalName') {
      assert.match(String(spec['clusterIP']), serviceCidr);
      assert.deepEqual(spec['clusterIPs'], [spec['clusterIP']]);
      delete spec['clusterIP'];
      delete spec['clusterIPs'];
    }
    for (const port of (spec['ports'] as Array<Record<string, unknown>> | undefined) ?? []) {
      if (port['nodePort'] === undefined) continue;
      const nodePort = Number(port['nodePort']);
      assert.ok(nodePort >= 30000 && nodePort <= 32767, `nodePort ${nodePort}`);
      delete port['nodePort'];
    }
    return service;
  }

  it('clusterip: an allocated IPv4 address, SingleStack, Cluster traffic policy', async () => {
    await created(
      ['create', 'service', 'clusterip', 'api', '-n', ns, '--tcp=80:8080'],
      'service/api created',
    );
    assert.deepEqual(withoutAllocations(await stored('service', 'api')), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'api' }, name: 'api', namespace: ns },
      spec: {
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'api' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
  });

  it('clusterip --clusterip=None: headless', async () => {
    await created(
      ['create', 'service', 'clusterip', 'db', '-n', ns, '--clusterip=None'],
      'service/db created',
    );
    assert.deepEqual(await stored('service', 'db'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'db' }, name: 'db', namespace: ns },
      spec: {
        clusterIP: 'None',
        clusterIPs: ['None'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        selector: { app: 'db' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
  });

  it('nodeport: an allocated node port and externalTrafficPolicy Cluster', async () => {
    await created(
      ['create', 'service', 'nodeport', 'front', '-n', ns, '--tcp=80:8080'],
      'service/front created',
    );
    assert.deepEqual(withoutAllocations(await stored('service', 'front')), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'front' }, name: 'front', namespace: ns },
      spec: {
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'front' },
        sessionAffinity: 'None',
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    });
  });

  it('nodeport --node-port: the requested port, and a second claim of it is refused', async () => {
    await created(
      ['create', 'service', 'nodeport', 'fixed', '-n', ns, '--tcp=8080:80', '--node-port=30080'],
      'service/fixed created',
    );
    assert.equal(await k.jsonpath(['service', 'fixed', '-n', ns], '{.spec.ports[0].nodePort}'), '30080');
    const again = await k.run([
      'create',
      'service',
      'nodeport',
      'fixed2',
      '-n',
      ns,
      '--tcp=8080:80',
      '--node-port=30080',
    ]);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      'error: failed to create NodePort service: Service "fixed2" is invalid: spec.ports[0].nodePort: ' +
        'Invalid value: 30080: provided port is already allocated\n',
    );
  });

  it('loadbalancer: node ports allocated (allocateLoadBalancerNodePorts true)', async () => {
    await created(
      ['create', 'service', 'loadbalancer', 'edge', '-n', ns, '--tcp=443:8443'],
      'service/edge created',
    );
    assert.deepEqual(withoutAllocations(await stored('service', 'edge')), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'edge' }, name: 'edge', namespace: ns },
      spec: {
        allocateLoadBalancerNodePorts: true,
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: '443-8443', port: 443, protocol: 'TCP', targetPort: 8443 }],
        selector: { app: 'edge' },
        sessionAffinity: 'None',
        type: 'LoadBalancer',
      },
      status: { loadBalancer: {} },
    });
  });

  it('externalname: no cluster IP, no IP families', async () => {
    await created(
      ['create', 'service', 'externalname', 'mail', '-n', ns, '--external-name=mail.example.com'],
      'service/mail created',
    );
    assert.deepEqual(await stored('service', 'mail'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'mail' }, name: 'mail', namespace: ns },
      spec: {
        externalName: 'mail.example.com',
        selector: { app: 'mail' },
        sessionAffinity: 'None',
        type: 'ExternalName',
      },
      status: { loadBalancer: {} },
    });
  });

  it('the table shows what was allocated', async () => {
    const { stdout } = await k.ok([
      'get',
      'services',
      '-n',
      ns,
      '--no-headers',
      '-o',
      'custom-columns=N:.metadata.name,T:.spec.type',
    ]);
    assert.deepEqual(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).join(' ')),
      [
        'api ClusterIP',
        'db ClusterIP',
        'edge LoadBalancer',
        'fixed NodePort',
        'front NodePort',
        'mail ExternalName',
      ],
    );
  });
});

describe('kubectl create rbac, priorityclass, quota, pdb, ingress', () => {
  it('role with resources in two groups and resource names', async () => {
    await created(
      [
        'create',
        'role',
        'reader',
        '-n',
        ns,
        '--verb=get,list',
        '--resource=pods,deployments.apps',
        '--resource-name=web',
      ],
      'role.rbac.authorization.k8s.io/reader created',
    );
    assert.deepEqual(await stored('role', 'reader'), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: ns },
      rules: [
        { apiGroups: [''], resourceNames: ['web'], resources: ['pods'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resourceNames: ['web'], resources: ['deployments'], verbs: ['get', 'list'] },
      ],
    });
  });

  it('rolebinding to a user and a service account', async () => {
    await created(
      [
        'create',
        'rolebinding',
        'reader-binding',
        '-n',
        ns,
        '--role=reader',
        '--user=alice',
        `--serviceaccount=${ns}:robot`,
      ],
      'rolebinding.rbac.authorization.k8s.io/reader-binding created',
    );
    assert.deepEqual(await stored('rolebinding', 'reader-binding'), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader-binding', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'robot', namespace: ns },
      ],
    });
  });

  it('clusterrole with resources and non-resource URLs', async () => {
    await created(
      [
        'create',
        'clusterrole',
        'e2e-node-reader',
        '--verb=get',
        '--resource=nodes',
        '--non-resource-url=/healthz',
      ],
      'clusterrole.rbac.authorization.k8s.io/e2e-node-reader created',
    );
    assert.deepEqual(await stored('clusterrole', 'e2e-node-reader', undefined), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'e2e-node-reader' },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      ],
    });
  });

  it('clusterrolebinding to a group', async () => {
    await created(
      ['create', 'clusterrolebinding', 'e2e-node-readers', '--clusterrole=e2e-node-reader', '--group=ops'],
      'clusterrolebinding.rbac.authorization.k8s.io/e2e-node-readers created',
    );
    assert.deepEqual(await stored('clusterrolebinding', 'e2e-node-readers', undefined), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'e2e-node-readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'e2e-node-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' }],
    });
  });

  it('priorityclass: preemptionPolicy defaults to PreemptLowerPriority', async () => {
    await created(
      ['create', 'priorityclass', 'e2e-high', '--value=1000', '--description=important'],
      'priorityclass.scheduling.k8s.io/e2e-high created',
    );
    assert.deepEqual(await stored('priorityclass', 'e2e-high', undefined), {
      apiVersion: 'scheduling.k8s.io/v1',
      description: 'important',
      kind: 'PriorityClass',
      metadata: { name: 'e2e-high' },
      preemptionPolicy: 'PreemptLowerPriority',
      value: 1000,
    });
    await created(
      ['create', 'priorityclass', 'e2e-batch', '--value=10', '--preemption-policy=Never'],
      'priorityclass.scheduling.k8s.io/e2e-batch created',
    );
    assert.equal(await k.jsonpath(['priorityclass', 'e2e-batch'], '{.preemptionPolicy}'), 'Never');
  });

  it('quota with hard limits and a scope', async () => {
    await created(
      [
        'create',
        'quota',
        'limits',
        '-n',
        ns,
        '--hard=pods=10,requests.cpu=2,limits.memory=4Gi',
        '--scopes=NotBestEffort',
      ],
      'resourcequota/limits created',
    );
    assert.deepEqual(await stored('resourcequota', 'limits'), {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'limits', namespace: ns },
      spec: { hard: { 'limits.memory': '4Gi', pods: '10', 'requests.cpu': '2' }, scopes: ['NotBestEffort'] },
      status: {},
    });
  });

  it('poddisruptionbudget with minAvailable and with a maxUnavailable percentage', async () => {
    await created(
      ['create', 'poddisruptionbudget', 'web-pdb', '-n', ns, '--selector=app=web', '--min-available=1'],
      'poddisruptionbudget.policy/web-pdb created',
    );
    assert.deepEqual(await stored('poddisruptionbudget', 'web-pdb'), {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { generation: 1, name: 'web-pdb', namespace: ns },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      status: {},
    });
    await created(
      ['create', 'pdb', 'half', '-n', ns, '--selector=app=web', '--max-unavailable=50%'],
      'poddisruptionbudget.policy/half created',
    );
    assert.equal(await k.jsonpath(['pdb', 'half', '-n', ns], '{.spec.maxUnavailable}'), '50%');
  });

  it('ingress with a class, an exact and a prefix path, TLS and a default backend', async () => {
    await created(
      [
        'create',
        'ingress',
        'site',
        '-n',
        ns,
        '--class=nginx',
        '--rule=shop.example.com/cart=api:8080',
        '--rule=shop.example.com/static*=front:http,tls=shop-tls',
        '--default-backend=front:80',
        '--annotation=team=web',
      ],
      'ingress.networking.k8s.io/site created',
    );
    assert.deepEqual(await stored('ingress', 'site'), {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { annotations: { team: 'web' }, generation: 1, name: 'site', namespace: ns },
      spec: {
        defaultBackend: { service: { name: 'front', port: { number: 80 } } },
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                {
                  backend: { service: { name: 'api', port: { number: 8080 } } },
                  path: '/cart',
                  pathType: 'Exact',
                },
                {
                  backend: { service: { name: 'front', port: { name: 'http' } } },
                  path: '/static',
                  pathType: 'Prefix',
                },
              ],
            },
          },
        ],
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      },
      status: {},
    });
  });
});

describe('kubectl autoscale, expose, run', () => {
  it('autoscale deployment: stored as autoscaling/v1, served as v2 with a CPU utilization metric', async () => {
    await created(
      ['autoscale', 'deployment', 'web', '-n', ns, '--min=2', '--max=5', '--cpu-percent=80'],
      'horizontalpodautoscaler.autoscaling/web autoscaled',
    );
    const hpa = await stored('horizontalpodautoscaler', 'web');
    assert.deepEqual(
      { apiVersion: hpa['apiVersion'], kind: hpa['kind'], metadata: hpa['metadata'], spec: hpa['spec'] },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { generation: 1, name: 'web', namespace: ns },
        spec: {
          maxReplicas: 5,
          metrics: [
            {
              resource: { name: 'cpu', target: { averageUtilization: 80, type: 'Utilization' } },
              type: 'Resource',
            },
          ],
          minReplicas: 2,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        },
      },
    );
    const v1 = JSON.parse(
      (await k.ok(['get', '--raw', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/web`]))
        .stdout,
    ) as { spec: Record<string, unknown> };
    assert.deepEqual(v1.spec, {
      maxReplicas: 5,
      minReplicas: 2,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      targetCPUUtilizationPercentage: 80,
    });
  });

  it('expose deployment: selector from the deployment, a cluster IP, targetPort as given', async () => {
    await created(
      ['expose', 'deployment', 'web', '-n', ns, '--port=80', '--target-port=8080', '--name=web-svc'],
      'service/web-svc exposed',
    );
    const service = await stored('service', 'web-svc');
    const spec = service['spec'] as Record<string, unknown>;
    assert.match(String(spec['clusterIP']), /^10\.43\.\d{1,3}\.\d{1,3}$/);
    delete spec['clusterIP'];
    delete spec['clusterIPs'];
    assert.deepEqual(service, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'web' }, name: 'web-svc', namespace: ns },
      spec: {
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
  });

  it('expose --type=NodePort: the table shows the allocated node port', async () => {
    await created(
      ['expose', 'deployment', 'multi', '-n', ns, '--port=80', '--type=NodePort'],
      'service/multi exposed',
    );
    const row = (await k.ok(['get', 'service', 'multi', '-n', ns, '--no-headers'])).stdout;
    assert.match(row, /^multi\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+\d+s\s*$/);
  });

  it('run: labels, env, port and args; pod defaults; Pending with BestEffort QoS', async () => {
    await created(
      [
        'run',
        'shell',
        '-n',
        ns,
        '--image=registry.local/toolbox:1',
        '--labels=app=shell,tier=debug',
        '--env=MODE=debug',
        '--port=8080',
        '--',
        'sleep',
        '3600',
      ],
      'pod/shell created',
    );
    const pod = await stored('pod', 'shell');
    assert.deepEqual(pod['metadata'], {
      labels: { app: 'shell', tier: 'debug' },
      name: 'shell',
      namespace: ns,
    });
    const spec = pod['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['containers'], [
      {
        args: ['sleep', '3600'],
        env: [{ name: 'MODE', value: 'debug' }],
        image: 'registry.local/toolbox:1',
        name: 'shell',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        ...containerDefaults,
      },
    ]);
    for (const [field, value] of Object.entries({
      ...podSpecDefaults,
      enableServiceLinks: true,
      restartPolicy: 'Always',
    })) {
      assert.deepEqual(spec[field], value, `spec.${field}`);
    }
    assert.deepEqual(pod['status'], { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('run --restart=Never: restartPolicy Never', async () => {
    await created(
      ['run', 'task', '-n', ns, '--image=registry.local/toolbox:1', '--restart=Never', '--', 'true'],
      'pod/task created',
    );
    assert.equal(await k.jsonpath(['pod', 'task', '-n', ns], '{.spec.restartPolicy}'), 'Never');
  });

  it('--dry-run=server of a generator prints the defaulted object and stores nothing', async () => {
    const { stdout } = await k.ok([
      'create',
      'deployment',
      'preview',
      '-n',
      ns,
      '--image=registry.local/toolbox:1',
      '--dry-run=server',
      '-o',
      'jsonpath={.spec.strategy.rollingUpdate.maxSurge} {.spec.template.spec.containers[0].imagePullPolicy} {.metadata.uid}',
    ]);
    assert.match(stdout, /^25% IfNotPresent [0-9a-f-]{36}$/);
    const got = await k.run(['get', 'deployment', 'preview', '-n', ns]);
    assert.equal(got.stderr, 'Error from server (NotFound): deployments.apps "preview" not found\n');
  });
});
