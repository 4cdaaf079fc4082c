// Bodies the real kubectl 1.32.4 sent (captured against a throwaway HTTPS server), each with the
// JSON it must decode to. For the generators that support --dry-run=client the expected JSON is
// kubectl's own rendering of the same object (`-o json`, nulls dropped); see fixtures/README.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { decodeKubernetesProtobuf } from './envelope.js';

const dir = new URL('../../../../src/machinery/protobuf/fixtures/', import.meta.url);

interface Fixture {
  readonly command: string;
  readonly request: string;
  readonly object: Record<string, unknown>;
}

function load(name: string): { fixture: Fixture; object: Record<string, unknown> } {
  const fixture = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture;
  const decoded = decodeKubernetesProtobuf(readFileSync(new URL(`${name}.pb`, dir)));
  assert.equal(decoded.kind, fixture.object['kind']);
  assert.equal(decoded.apiVersion, fixture.object['apiVersion']);
  return { fixture, object: decoded.object };
}

const names = readdirSync(dir)
  .filter((f) => f.endsWith('.pb'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('kubectl protobuf fixtures', () => {
  it('has the captured set', () => {
    assert.ok(names.length >= 30, `only ${names.length} fixtures`);
  });

  for (const name of names) {
    it(`decodes ${name}`, () => {
      const { fixture, object } = load(name);
      assert.deepEqual(object, fixture.object, fixture.command);
    });
  }
});

// The same bodies, with the points each one proves spelled out.
describe('kubectl protobuf fixtures: highlights', () => {
  it('configmap: literals in data, a non-UTF-8 file in binaryData as base64', () => {
    const { object } = load('configmap');
    assert.deepEqual(object['data'], { a: 'b', c: 'd' });
    assert.deepEqual(object['binaryData'], {
      blob: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xff, 0xfe, 0xfd]).toString('base64'),
    });
  });

  it('secrets: data is base64 and type is kept', () => {
    const generic = load('secret-generic').object;
    assert.deepEqual(generic['data'], { password: 'czNjcjN0', user: 'YWRtaW4=' });
    const tls = load('secret-tls').object;
    assert.equal(tls['type'], 'kubernetes.io/tls');
    const tlsData = tls['data'] as Record<string, string>;
    assert.match(Buffer.from(tlsData['tls.crt']!, 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
    const reg = load('secret-docker-registry').object;
    assert.equal(reg['type'], 'kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from((reg['data'] as Record<string, string>)['.dockerconfigjson']!, 'base64').toString(),
    );
    assert.equal(config.auths['reg.example.test'].username, 'u');
  });

  it('deployment: replicas, container port, the empty strategy and status messages', () => {
    const { object } = load('deployment');
    assert.deepEqual(object['spec'], {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }],
        },
      },
      strategy: {},
    });
    assert.deepEqual(object['status'], {});
  });

  it('deployment --replicas=0 keeps the explicit zero', () => {
    assert.equal((load('deployment-zero-replicas').object['spec'] as Record<string, unknown>)['replicas'], 0);
  });

  it('services: ports with numeric targetPort, nodePort, type', () => {
    const clusterIp = load('service-clusterip').object['spec'];
    assert.deepEqual(clusterIp, {
      ports: [
        { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443 },
      ],
      selector: { app: 'svc1' },
      type: 'ClusterIP',
    });
    const nodePort = load('service-nodeport').object['spec'] as { ports: unknown[]; type: string };
    assert.deepEqual(nodePort.ports, [
      { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
    ]);
    assert.equal(nodePort.type, 'NodePort');
  });

  it('namespace, serviceaccount: metadata only plus empty spec/status', () => {
    assert.deepEqual(load('namespace').object, {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'foo' },
      spec: {},
      status: {},
    });
    assert.deepEqual(load('serviceaccount').object, {
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      metadata: { name: 'sa1' },
    });
  });

  it('job, cronjob, job --from=cronjob: command, schedule, owner reference and annotations', () => {
    const job = load('job').object['spec'] as {
      template: { spec: { containers: { command: string[] }[]; restartPolicy: string } };
    };
    assert.deepEqual(job.template.spec.containers[0]!.command, ['echo', 'hi']);
    assert.equal(job.template.spec.restartPolicy, 'Never');
    assert.equal((load('cronjob').object['spec'] as { schedule: string }).schedule, '*/5 * * * *');
    const fromCron = load('job-from-cronjob').object['metadata'] as Record<string, unknown>;
    assert.deepEqual(fromCron['annotations'], { 'cronjob.kubernetes.io/instantiate': 'manual' });
    assert.deepEqual(fromCron['ownerReferences'], [
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj1', uid: 'cj1-uid', controller: true },
    ]);
  });

  it('rbac: role rules, bindings with subjects and roleRef, clusterrole non-resource URLs', () => {
    assert.deepEqual(load('role').object['rules'], [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] },
      { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['x'] },
    ]);
    const rb = load('rolebinding').object;
    assert.deepEqual(rb['roleRef'], { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r1' });
    assert.deepEqual(rb['subjects'], [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
      { kind: 'ServiceAccount', name: 'sa1', namespace: 'default' },
    ]);
    assert.deepEqual(load('clusterrole').object['rules'], [
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ]);
    assert.deepEqual(load('clusterrolebinding').object['subjects'], [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
    ]);
  });

  it('quota: hard as Quantity strings, scopes', () => {
    assert.deepEqual(load('quota').object['spec'], {
      hard: { cpu: '1', memory: '1Gi', pods: '10' },
      scopes: ['BestEffort'],
    });
  });

  it('pdb: IntOrString as a number or a string', () => {
    assert.equal((load('pdb-min-available').object['spec'] as Record<string, unknown>)['minAvailable'], 1);
    assert.equal(
      (load('pdb-max-unavailable').object['spec'] as Record<string, unknown>)['maxUnavailable'],
      '50%',
    );
  });

  it('priorityclass: value (kept when 0: no omitempty upstream), globalDefault, preemptionPolicy', () => {
    const high = load('priorityclass').object;
    assert.equal(high['value'], 1000);
    assert.equal(high['preemptionPolicy'], 'Never');
    const zero = load('priorityclass-zero').object;
    assert.equal(zero['value'], 0);
    assert.equal(zero['globalDefault'], true);
  });

  it('ingress: class, default backend, rules with inlined http paths, tls', () => {
    assert.deepEqual(load('ingress').object['spec'], {
      ingressClassName: 'nginx',
      defaultBackend: { service: { name: 'defsvc', port: { number: 80 } } },
      tls: [{ hosts: ['foo.example.test'], secretName: 'my-cert' }],
      rules: [
        {
          host: 'foo.example.test',
          http: {
            paths: [
              {
                path: '/bar',
                pathType: 'Prefix',
                backend: { service: { name: 'svc1', port: { number: 8080 } } },
              },
            ],
          },
        },
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Exact',
                backend: { service: { name: 'svc2', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
  });

  it('autoscale: an autoscaling/v1 HorizontalPodAutoscaler', () => {
    const { object } = load('autoscale-hpa');
    assert.equal(object['apiVersion'], 'autoscaling/v1');
    assert.deepEqual(object['spec'], {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 2,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 80,
    });
  });

  it('auth can-i, can-i --list, whoami: the review requests', () => {
    assert.deepEqual(load('auth-can-i-ssar').object['spec'], {
      resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' },
    });
    assert.deepEqual(load('auth-can-i-list-ssrr').object['spec'], { namespace: 'default' });
    assert.deepEqual(load('auth-whoami').object, {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      status: { userInfo: {} },
    });
  });

  it('create token: a TokenRequest with audiences and expirationSeconds', () => {
    assert.deepEqual(load('create-token').object['spec'], { audiences: ['api'], expirationSeconds: 3600 });
  });

  it('certificate approve: the whole CSR with an Approved condition and timestamps', () => {
    const { object } = load('certificate-approve');
    const status = object['status'] as { conditions: Record<string, unknown>[] };
    assert.equal(status.conditions[0]!['type'], 'Approved');
    assert.match(String(status.conditions[0]!['lastUpdateTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(
      (object['metadata'] as Record<string, unknown>)['creationTimestamp'],
      '2025-01-01T00:00:00Z',
    );
  });

  it('debug node: a Pod whose volume source is inlined into the volume', () => {
    const spec = load('debug-node-pod').object['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['volumes'], [{ name: 'host-root', hostPath: { path: '/' } }]);
    assert.equal(spec['hostPID'], true);
    assert.deepEqual(spec['tolerations'], [{ operator: 'Exists' }]);
  });
});
