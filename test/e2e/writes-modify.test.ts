/**
 * The commands that change existing objects, as a user sees them against Kubernetes 1.32:
 * `kubectl edit` (EDITOR a script), `kubectl patch` in all three patch types, `label`/`annotate`,
 * `set image|env|resources|selector|serviceaccount`, `scale` through the scale subresource (with
 * --current-replicas), `rollout pause|resume|restart` (the patch they send), and
 * `cordon|uncordon|taint` on a Node — each checked in what kubectl prints and what is stored.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let workDir = '';
const ns = 'e2e-modify';
const k = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

function workload(kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet', name: string): object {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'registry.local/toolbox:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

before(async () => {
  server = await startK8tsServer();
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-writes-modify-'));
  await k.ok(['create', 'namespace', ns]);
  await k.ok(['create', '-f', '-'], {
    stdin: [
      workload('Deployment', 'web'),
      workload('StatefulSet', 'db'),
      workload('ReplicaSet', 'cache'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: ns },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: ns } },
    ]
      .map((o) => toYaml(o))
      .join('---\n'),
  });
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

const web = ['deployment', 'web', '-n', ns];
const containerField = (field: string): Promise<string> =>
  k.jsonpath(web, `{.spec.template.spec.containers[0].${field}}`);

/** An EDITOR script that runs `sed -i <expression>` on the file kubectl hands it. */
async function sedEditor(name: string, expression: string): Promise<string> {
  const script = join(workDir, name);
  await writeFile(script, `#!/bin/sh\nexec sed -i '${expression}' "$1"\n`);
  await chmod(script, 0o755);
  return script;
}

describe('kubectl edit', () => {
  it('saves what the editor changed', async () => {
    const editor = await sedEditor('edit-image.sh', 's#registry.local/toolbox:1#registry.local/toolbox:2#');
    const { stdout, stderr } = await k.ok(['edit', ...web], { editor });
    assert.equal(stdout, 'deployment.apps/web edited\n');
    assert.equal(stderr, '');
    assert.equal(await containerField('image'), 'registry.local/toolbox:2');
    assert.equal(await k.jsonpath(web, '{.metadata.generation}'), '2');
  });

  it('an editor that changes nothing cancels the edit', async () => {
    const { stdout, stderr } = await k.ok(['edit', ...web], { editor: 'true' });
    assert.equal(stdout, '');
    assert.equal(stderr, 'Edit cancelled, no changes made.\n');
  });

  it('edit of a ConfigMap adds a key', async () => {
    await k.ok(['create', 'configmap', 'edited', '-n', ns, '--from-literal=a=1']);
    const editor = await sedEditor('edit-cm.sh', 's#^  a: "1"#  a: "1"\\n  b: "2"#');
    assert.equal(
      (await k.ok(['edit', 'configmap', 'edited', '-n', ns], { editor })).stdout,
      'configmap/edited edited\n',
    );
    assert.equal(await k.jsonpath(['configmap', 'edited', '-n', ns], '{.data}'), '{"a":"1","b":"2"}');
  });
});

describe('kubectl patch', () => {
  it('strategic merge (the default): containers merge by name, env by name', async () => {
    const { stdout } = await k.ok([
      'patch',
      ...web,
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"C","value":"3"},{"name":"A","value":"10"}]}]}}}}',
    ]);
    assert.equal(stdout, 'deployment.apps/web patched\n');
    assert.equal(
      await containerField('env'),
      '[{"name":"C","value":"3"},{"name":"A","value":"10"},{"name":"B","value":"2"}]',
    );
    assert.equal(await containerField('image'), 'registry.local/toolbox:2', 'other container fields kept');
  });

  it('strategic merge directives: $patch: delete removes one list element', async () => {
    await k.ok([
      'patch',
      ...web,
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"C","$patch":"delete"}]}]}}}}',
    ]);
    assert.equal(await containerField('env'), '[{"name":"A","value":"10"},{"name":"B","value":"2"}]');
  });

  it('merge patch: lists are replaced whole, null deletes', async () => {
    const { stdout } = await k.ok([
      'patch',
      ...web,
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"patched":"merge"}},"spec":{"minReadySeconds":5}}',
    ]);
    assert.equal(stdout, 'deployment.apps/web patched\n');
    await k.ok(['patch', ...web, '--type=merge', '-p', '{"metadata":{"labels":{"patched":null}}}']);
    assert.equal(await k.jsonpath(web, '{.spec.minReadySeconds} {.metadata.labels}'), '5 ');
  });

  it('a patch that changes nothing says so', async () => {
    const { stdout } = await k.ok(['patch', ...web, '--type=merge', '-p', '{"spec":{"minReadySeconds":5}}']);
    assert.equal(stdout, 'deployment.apps/web patched (no change)\n');
  });

  it('json patch: replace, add and a passing test operation', async () => {
    const { stdout } = await k.ok([
      'patch',
      ...web,
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/minReadySeconds","value":5},{"op":"replace","path":"/spec/replicas","value":2},' +
        '{"op":"add","path":"/metadata/annotations","value":{"note":"json"}}]',
    ]);
    assert.equal(stdout, 'deployment.apps/web patched\n');
    assert.equal(await k.jsonpath(web, '{.spec.replicas} {.metadata.annotations.note}'), '2 json');
  });

  it('json patch: a failing test operation and a missing path are rejected and change nothing', async () => {
    const before = await k.jsonpath(web, '{.metadata.resourceVersion}');
    const failedTest = await k.run([
      'patch',
      ...web,
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":7},{"op":"replace","path":"/spec/replicas","value":9}]',
    ]);
    assert.equal(failedTest.code, 1);
    assert.equal(
      failedTest.stderr,
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    const missing = await k.run([
      'patch',
      ...web,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/spec/nothing"}]',
    ]);
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    assert.equal(await k.jsonpath(web, '{.metadata.resourceVersion}'), before);
  });

  it('a patch producing an invalid object is rejected with the validation errors', async () => {
    const result = await k.run(['patch', ...web, '-p', '{"spec":{"replicas":-1}}']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('patch of a missing object is NotFound', async () => {
    const result = await k.run(['patch', 'deployment', 'nope', '-n', ns, '-p', '{"spec":{"replicas":1}}']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('patch --dry-run=server changes nothing', async () => {
    await k.ok(['patch', ...web, '--type=merge', '-p', '{"spec":{"replicas":9}}', '--dry-run=server']);
    assert.equal(await k.jsonpath(web, '{.spec.replicas}'), '2');
  });
});

describe('kubectl label and annotate', () => {
  const labels = (): Promise<string> => k.jsonpath(web, '{.metadata.labels}');

  it('add, refuse to overwrite without --overwrite, overwrite, remove with key-', async () => {
    assert.equal((await k.ok(['label', ...web, 'env=prod'])).stdout, 'deployment.apps/web labeled\n');
    const refused = await k.run(['label', ...web, 'env=dev']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, "error: 'env' already has a value (prod), and --overwrite is false\n");
    assert.equal(await labels(), '{"env":"prod"}');
    assert.equal(
      (await k.ok(['label', ...web, 'env=dev', '--overwrite'])).stdout,
      'deployment.apps/web labeled\n',
    );
    assert.equal(
      (await k.ok(['label', ...web, 'env=dev', '--overwrite'])).stdout,
      'deployment.apps/web not labeled\n',
    );
    assert.equal(await labels(), '{"env":"dev"}');
    assert.equal((await k.ok(['label', ...web, 'env-'])).stdout, 'deployment.apps/web unlabeled\n');
    assert.equal(await labels(), '');
    // The emptied label map is gone (omitempty), so kubectl's own empty map counts as a change.
    const again = await k.ok(['label', ...web, 'env-']);
    assert.equal(again.stdout, 'label "env" not found.\ndeployment.apps/web labeled\n');
    assert.equal(await labels(), '');
  });

  it('a label key the server rejects is reported with its validation message', async () => {
    const result = await k.run(['label', ...web, 'bad key=x']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'The Deployment "web" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric ' +
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  " +
        "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n",
    );
  });

  it('label several objects by selector', async () => {
    const { stdout } = await k.ok(['label', 'statefulset,replicaset', '-n', ns, '--all', 'tier=data']);
    assert.equal(stdout, 'statefulset.apps/db labeled\nreplicaset.apps/cache labeled\n');
  });

  it('annotate: add, refuse, --overwrite, remove', async () => {
    assert.equal(
      (await k.ok(['annotate', ...web, 'owner=team-a'])).stdout,
      'deployment.apps/web annotated\n',
    );
    const refused = await k.run(['annotate', ...web, 'owner=team-b']);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)\n",
    );
    assert.equal(
      (await k.ok(['annotate', ...web, 'owner=team-b', '--overwrite'])).stdout,
      'deployment.apps/web annotated\n',
    );
    assert.equal(await k.jsonpath(web, '{.metadata.annotations.owner}'), 'team-b');
    assert.equal((await k.ok(['annotate', ...web, 'owner-'])).stdout, 'deployment.apps/web annotated\n');
    assert.equal(await k.jsonpath(web, '{.metadata.annotations}'), '{"note":"json"}');
  });
});

describe('kubectl set', () => {
  it('set image', async () => {
    assert.equal(
      (await k.ok(['set', 'image', 'deployment/web', '-n', ns, 'main=registry.local/toolbox:3'])).stdout,
      'deployment.apps/web image updated\n',
    );
    assert.equal(await containerField('image'), 'registry.local/toolbox:3');
    const missing = await k.run([
      'set',
      'image',
      'deployment/web',
      '-n',
      ns,
      'sidecar=registry.local/toolbox:3',
    ]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: unable to find container named "sidecar"\n');
  });

  it('set env: add one variable and remove another', async () => {
    assert.equal(
      (await k.ok(['set', 'env', 'deployment/web', '-n', ns, 'D=4', 'A-'])).stdout,
      'deployment.apps/web env updated\n',
    );
    assert.equal(await containerField('env'), '[{"name":"B","value":"2"},{"name":"D","value":"4"}]');
  });

  it('set resources, and requests above limits are rejected by validation', async () => {
    assert.equal(
      (
        await k.ok([
          'set',
          'resources',
          'deployment/web',
          '-n',
          ns,
          '--limits=cpu=200m,memory=512Mi',
          '--requests=cpu=100m,memory=256Mi',
        ])
      ).stdout,
      'deployment.apps/web resource requirements updated\n',
    );
    assert.equal(
      await containerField('resources'),
      '{"limits":{"cpu":"200m","memory":"512Mi"},"requests":{"cpu":"100m","memory":"256Mi"}}',
    );
    const result = await k.run(['set', 'resources', 'deployment/web', '-n', ns, '--requests=cpu=300m']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: failed to patch resources update to pod template Deployment.apps "web" is invalid: ' +
        'spec.template.spec.containers[0].resources.requests: Invalid value: "300m": must be less than or equal to cpu limit of 200m\n',
    );
  });

  it('set serviceaccount sets serviceAccountName (and the deprecated serviceAccount)', async () => {
    assert.equal(
      (await k.ok(['set', 'serviceaccount', 'deployment/web', '-n', ns, 'builder'])).stdout,
      'deployment.apps/web serviceaccount updated\n',
    );
    assert.equal(
      await k.jsonpath(web, '{.spec.template.spec.serviceAccountName} {.spec.template.spec.serviceAccount}'),
      'builder builder',
    );
  });

  it('set selector on a service replaces its selector', async () => {
    assert.equal(
      (await k.ok(['set', 'selector', 'service/web', '-n', ns, 'app=web,tier=front'])).stdout,
      'service/web selector updated\n',
    );
    assert.equal(
      await k.jsonpath(['service', 'web', '-n', ns], '{.spec.selector}'),
      '{"app":"web","tier":"front"}',
    );
  });
});

describe('kubectl scale', () => {
  it('deployment, statefulset and replicaset through the scale subresource', async () => {
    assert.equal((await k.ok(['scale', ...web, '--replicas=3'])).stdout, 'deployment.apps/web scaled\n');
    assert.equal(
      (await k.ok(['scale', 'statefulset', 'db', '-n', ns, '--replicas=2'])).stdout,
      'statefulset.apps/db scaled\n',
    );
    assert.equal(
      (await k.ok(['scale', 'replicaset', 'cache', '-n', ns, '--replicas=4'])).stdout,
      'replicaset.apps/cache scaled\n',
    );
    const replicas = await k.ok([
      'get',
      'deployment,statefulset,replicaset',
      '-n',
      ns,
      '-o',
      'jsonpath={range .items[*]}{.kind}={.spec.replicas} {end}',
    ]);
    assert.equal(replicas.stdout, 'Deployment=3 StatefulSet=2 ReplicaSet=4 ');
    for (const [resource, name, replicas] of [
      ['statefulsets', 'db', 2],
      ['replicasets', 'cache', 4],
    ] as const) {
      const scale = JSON.parse(
        (await k.ok(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/${resource}/${name}/scale`])).stdout,
      ) as { kind: string; apiVersion: string; spec: { replicas: number }; status: { selector: string } };
      assert.deepEqual(
        [scale.apiVersion, scale.kind, scale.spec.replicas, scale.status.selector],
        ['autoscaling/v1', 'Scale', replicas, `app=${name}`],
      );
    }
  });

  it('--current-replicas that matches scales; one that does not is refused', async () => {
    assert.equal(
      (await k.ok(['scale', 'replicaset', 'cache', '-n', ns, '--current-replicas=4', '--replicas=1'])).stdout,
      'replicaset.apps/cache scaled\n',
    );
    const refused = await k.run(['scale', ...web, '--current-replicas=9', '--replicas=1']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, 'error: Expected replicas to be 9, was 3\n');
    assert.equal(await k.jsonpath(web, '{.spec.replicas}'), '3');
  });

  it('scale to a negative count is rejected by the Scale validation', async () => {
    const result = await k.run(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`]);
    assert.equal(result.code, 0);
    const negative = await k.run(['scale', ...web, '--replicas=-1']);
    assert.equal(negative.code, 1);
    assert.equal(
      negative.stderr,
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
    );
  });

  it('scale --dry-run=server changes nothing', async () => {
    assert.equal(
      (await k.ok(['scale', ...web, '--replicas=7', '--dry-run=server'])).stdout,
      'deployment.apps/web scaled (server dry run)\n',
    );
    assert.equal(await k.jsonpath(web, '{.spec.replicas}'), '3');
  });
});

describe('kubectl rollout pause, resume, restart', () => {
  it('pause sets spec.paused; pausing again is an error', async () => {
    assert.equal(
      (await k.ok(['rollout', 'pause', 'deployment/web', '-n', ns])).stdout,
      'deployment.apps/web paused\n',
    );
    assert.equal(await k.jsonpath(web, '{.spec.paused}'), 'true');
    const again = await k.run(['rollout', 'pause', 'deployment/web', '-n', ns]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'error: deployments.apps "web" is already paused\n');
  });

  it('a paused deployment cannot be restarted', async () => {
    const result = await k.run(['rollout', 'restart', 'deployment/web', '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
    );
  });

  it('resume removes spec.paused', async () => {
    assert.equal(
      (await k.ok(['rollout', 'resume', 'deployment/web', '-n', ns])).stdout,
      'deployment.apps/web resumed\n',
    );
    assert.equal(await k.jsonpath(web, '{.spec.paused}'), '');
    const again = await k.run(['rollout', 'resume', 'deployment/web', '-n', ns]);
    assert.equal(again.stderr, 'error: deployments.apps "web" is not paused\n');
  });

  it('restart stamps the pod template with restartedAt and bumps the generation', async () => {
    const generation = Number(await k.jsonpath(web, '{.metadata.generation}'));
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    assert.equal(
      (await k.ok(['rollout', 'restart', 'deployment/web', '-n', ns])).stdout,
      'deployment.apps/web restarted\n',
    );
    const restartedAt = await k.jsonpath(
      web,
      '{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
    );
    assert.match(restartedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Date.parse(restartedAt) >= t0 && Date.parse(restartedAt) <= Date.now() + 1000, restartedAt);
    assert.equal(Number(await k.jsonpath(web, '{.metadata.generation}')), generation + 1);
  });

  it('restart of a statefulset stamps its template too', async () => {
    assert.equal(
      (await k.ok(['rollout', 'restart', 'statefulset/db', '-n', ns])).stdout,
      'statefulset.apps/db restarted\n',
    );
    assert.match(
      await k.jsonpath(['statefulset', 'db', '-n', ns], '{.spec.template.metadata.annotations}'),
      /^\{"kubectl\.kubernetes\.io\/restartedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$/,
    );
  });
});

describe('kubectl cordon, uncordon, taint on a Node', () => {
  const node = ['node', 'e2e-worker'];

  before(async () => {
    const file = join(workDir, 'node.yaml');
    await writeFile(
      file,
      toYaml({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'e2e-worker', labels: { 'kubernetes.io/hostname': 'e2e-worker' } },
      }),
    );
    assert.equal((await k.ok(['create', '-f', file])).stdout, 'node/e2e-worker created\n');
  });

  it('cordon sets unschedulable; a second cordon changes nothing', async () => {
    assert.equal((await k.ok(['cordon', 'e2e-worker'])).stdout, 'node/e2e-worker cordoned\n');
    assert.equal((await k.ok(['cordon', 'e2e-worker'])).stdout, 'node/e2e-worker already cordoned\n');
    assert.equal(await k.jsonpath(node, '{.spec}'), '{"unschedulable":true}');
    const row = (await k.ok(['get', ...node, '--no-headers'])).stdout;
    assert.match(row, /^e2e-worker\s+Unknown,SchedulingDisabled\s+<none>\s+\d+s\s*$/);
  });

  it('uncordon removes it', async () => {
    assert.equal((await k.ok(['uncordon', 'e2e-worker'])).stdout, 'node/e2e-worker uncordoned\n');
    assert.equal((await k.ok(['uncordon', 'e2e-worker'])).stdout, 'node/e2e-worker already uncordoned\n');
    assert.equal(await k.jsonpath(node, '{.spec}'), '{}');
  });

  it('taint adds, refuses a duplicate without --overwrite, overwrites, removes', async () => {
    assert.equal(
      (await k.ok(['taint', 'nodes', 'e2e-worker', 'dedicated=db:NoSchedule'])).stdout,
      'node/e2e-worker tainted\n',
    );
    const dup = await k.run(['taint', 'nodes', 'e2e-worker', 'dedicated=db:NoSchedule']);
    assert.equal(dup.code, 1);
    assert.equal(
      dup.stderr,
      'error: node e2e-worker already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    );
    assert.equal(
      (await k.ok(['taint', 'nodes', 'e2e-worker', 'dedicated=web:NoSchedule', '--overwrite'])).stdout,
      'node/e2e-worker modified\n',
    );
    assert.equal(
      (await k.ok(['taint', 'nodes', 'e2e-worker', 'gpu:NoExecute'])).stdout,
      'node/e2e-worker tainted\n',
    );
    assert.equal(
      await k.jsonpath(node, '{.spec.taints}'),
      '[{"effect":"NoExecute","key":"gpu"},{"effect":"NoSchedule","key":"dedicated","value":"web"}]',
    );
    assert.equal(
      (await k.ok(['taint', 'nodes', 'e2e-worker', 'dedicated:NoSchedule-'])).stdout,
      'node/e2e-worker untainted\n',
    );
    assert.equal(
      (await k.ok(['taint', 'nodes', 'e2e-worker', 'gpu-'])).stdout,
      'node/e2e-worker untainted\n',
    );
    assert.equal(await k.jsonpath(node, '{.spec}'), '{}');
    const gone = await k.run(['taint', 'nodes', 'e2e-worker', 'gpu-']);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'error: taint "gpu" not found\n');
  });

  it('a taint with an invalid effect is refused', async () => {
    const result = await k.run(['taint', 'nodes', 'e2e-worker', 'k=v:Sometimes']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n",
    );
  });
});
