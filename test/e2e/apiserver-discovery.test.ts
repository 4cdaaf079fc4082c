/**
 * What kubectl 1.32 shows about the server itself: version, discovery (api-resources,
 * api-versions, subresources), OpenAPI (explain), cluster-info and the health, version and
 * metrics endpoints — against a fresh `k8ts server` on the memory datastore.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinResources } from '../../src/api/scheme/builtin-resources.js';
import { kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { outputLines, parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;

before(async () => {
  server = await startK8tsServer();
});
after(async () => {
  await server?.stop();
});

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const ok = (args: string[]): Promise<KubectlResult> => kubectlOk(args, { kubeconfig: kubeconfig() });

const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Upstream 1.32's `kubectl api-resources` rows for every kind the apiserver core issue serves. */
const upstreamApiResources: ReadonlyArray<[string, string, string, string, string]> = [
  // NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND
  ['bindings', '', 'v1', 'true', 'Binding'],
  ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
  ['endpoints', 'ep', 'v1', 'true', 'Endpoints'],
  ['events', 'ev', 'v1', 'true', 'Event'],
  ['limitranges', 'limits', 'v1', 'true', 'LimitRange'],
  ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
  ['nodes', 'no', 'v1', 'false', 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume'],
  ['pods', 'po', 'v1', 'true', 'Pod'],
  ['podtemplates', '', 'v1', 'true', 'PodTemplate'],
  ['replicationcontrollers', 'rc', 'v1', 'true', 'ReplicationController'],
  ['resourcequotas', 'quota', 'v1', 'true', 'ResourceQuota'],
  ['secrets', '', 'v1', 'true', 'Secret'],
  ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
  ['services', 'svc', 'v1', 'true', 'Service'],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition'],
  ['controllerrevisions', '', 'apps/v1', 'true', 'ControllerRevision'],
  ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
  ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet'],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true', 'HorizontalPodAutoscaler'],
  ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob'],
  ['jobs', '', 'batch/v1', 'true', 'Job'],
  ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'FlowSchema'],
  [
    'prioritylevelconfigurations',
    '',
    'flowcontrol.apiserver.k8s.io/v1',
    'false',
    'PriorityLevelConfiguration',
  ],
  ['ingressclasses', '', 'networking.k8s.io/v1', 'false', 'IngressClass'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', 'true', 'NetworkPolicy'],
  ['runtimeclasses', '', 'node.k8s.io/v1', 'false', 'RuntimeClass'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', 'true', 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass'],
  ['csidrivers', '', 'storage.k8s.io/v1', 'false', 'CSIDriver'],
  ['csinodes', '', 'storage.k8s.io/v1', 'false', 'CSINode'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass'],
  ['volumeattachments', '', 'storage.k8s.io/v1', 'false', 'VolumeAttachment'],
];

interface DiscoveredResource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

async function resourceList(path: string): Promise<DiscoveredResource[]> {
  const { stdout } = await ok(['get', '--raw', path]);
  return (JSON.parse(stdout) as { resources: DiscoveredResource[] }).resources;
}

describe('version', () => {
  it('kubectl version reports a 1.32 server', async () => {
    const { stdout } = await ok(['version']);
    assert.match(stdout, /^Server Version: v1\.32\.\d+\S*$/m);

    const json = JSON.parse((await ok(['version', '-o', 'json'])).stdout) as {
      serverVersion: { major: string; minor: string; gitVersion: string; platform: string };
    };
    assert.equal(json.serverVersion.major, '1');
    assert.equal(json.serverVersion.minor, '32');
    // kubectl parses gitVersion as semver; a build suffix is allowed.
    assert.match(json.serverVersion.gitVersion, /^v1\.32\.\d+([-+][0-9A-Za-z.+-]+)?$/);
    assert.equal(json.serverVersion.platform, 'linux/amd64');
  });

  it('get --raw /version is the version JSON', async () => {
    const body = JSON.parse((await ok(['get', '--raw', '/version'])).stdout) as Record<string, string>;
    assert.equal(body['major'], '1');
    assert.equal(body['minor'], '32');
    for (const field of [
      'gitVersion',
      'gitCommit',
      'gitTreeState',
      'buildDate',
      'goVersion',
      'compiler',
      'platform',
    ]) {
      assert.equal(typeof body[field], 'string', `version field ${field}`);
    }
  });
});

describe('discovery', () => {
  it('api-resources lists every built-in kind with its short names, scope and version', async () => {
    const { stdout, stderr } = await ok(['api-resources']);
    assert.equal(stderr, '');
    const table = parseTable(stdout);
    assert.deepEqual(table.columns, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const rows = table.rows.map((r) => r.join('|'));
    for (const expected of upstreamApiResources) {
      assert.ok(rows.includes(expected.join('|')), `api-resources lacks the row ${expected.join('  ')}`);
    }
    // Everything the scheme declares is discoverable (HPA appears once, at its preferred version).
    for (const r of builtinResources) {
      const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
      if (r.group === 'autoscaling' && r.version === 'v1') continue;
      assert.ok(
        table.records.some((row) => row['NAME'] === r.resource && row['APIVERSION'] === apiVersion),
        `api-resources lacks ${r.resource} in ${apiVersion}`,
      );
    }
    // The core group comes first, then the named groups sorted by name.
    const groups = table.records.map((row) => (row['APIVERSION'] ?? '').split('/').slice(0, -1).join('/'));
    const firstNamed = groups.findIndex((g) => g !== '');
    assert.ok(groups.slice(0, firstNamed).every((g) => g === ''));
    const named = groups.slice(firstNamed);
    assert.deepEqual(named, [...named].sort());
  });

  it('api-resources -o wide shows upstream verbs and categories', async () => {
    const table = parseTable((await ok(['api-resources', '-o', 'wide'])).stdout);
    assert.deepEqual(table.columns, [
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      'VERBS',
      'CATEGORIES',
    ]);
    const row = (name: string, apiVersion: string): Record<string, string> => {
      const found = table.records.find((r) => r['NAME'] === name && r['APIVERSION'] === apiVersion);
      assert.ok(found, `no row for ${name} ${apiVersion}`);
      return found;
    };
    const all = 'create,delete,deletecollection,get,list,patch,update,watch';
    const verbs = (s: string | undefined): string =>
      (s ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[ ,]/)
        .join(',');
    assert.equal(verbs(row('pods', 'v1')['VERBS']), all);
    assert.equal(verbs(row('pods', 'v1')['CATEGORIES']), 'all');
    assert.equal(verbs(row('bindings', 'v1')['VERBS']), 'create');
    assert.equal(verbs(row('namespaces', 'v1')['VERBS']), 'create,delete,get,list,patch,update,watch');
    assert.equal(verbs(row('deployments', 'apps/v1')['CATEGORIES']), 'all');
    assert.equal(
      verbs(row('customresourcedefinitions', 'apiextensions.k8s.io/v1')['CATEGORIES']),
      'api-extensions',
    );
    assert.equal(verbs(row('configmaps', 'v1')['CATEGORIES']), '');
  });

  it('api-resources --categories=all lists what `kubectl get all` reads', async () => {
    const names = outputLines((await ok(['api-resources', '--categories=all', '-o', 'name'])).stdout);
    assert.deepEqual([...names].sort(), [
      'cronjobs.batch',
      'daemonsets.apps',
      'deployments.apps',
      'horizontalpodautoscalers.autoscaling',
      'jobs.batch',
      'pods',
      'replicasets.apps',
      'replicationcontrollers',
      'services',
      'statefulsets.apps',
    ]);
  });

  it('api-versions lists every served group-version, sorted', async () => {
    const versions = outputLines((await ok(['api-versions'])).stdout);
    for (const gv of [
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'flowcontrol.apiserver.k8s.io/v1',
      'networking.k8s.io/v1',
      'node.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]) {
      assert.ok(versions.includes(gv), `api-versions lacks ${gv}`);
    }
    assert.deepEqual(versions, [...versions].sort());
  });

  it('kubectl uses aggregated discovery (no per-group-version requests)', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-cache-'));
    try {
      const { stderr } = await ok(['api-resources', '--cache-dir', cacheDir, '-v=6']);
      assert.match(stderr, /GET https:\/\/127\.0\.0\.1:\d+\/api\?timeout=32s 200 OK/);
      assert.match(stderr, /GET https:\/\/127\.0\.0\.1:\d+\/apis\?timeout=32s 200 OK/);
      assert.doesNotMatch(stderr, /GET https:\/\/\S+\/apis\/apps\/v1\?timeout/);
      assert.doesNotMatch(stderr, /GET https:\/\/\S+\/api\/v1\?timeout/);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('legacy discovery lists subresources with upstream kinds and verbs', async () => {
    const core = await resourceList('/api/v1');
    const apps = await resourceList('/apis/apps/v1');
    const find = (list: DiscoveredResource[], name: string): DiscoveredResource => {
      const r = list.find((x) => x.name === name);
      assert.ok(r, `discovery lacks ${name}`);
      return r;
    };
    const rw = ['get', 'patch', 'update'];
    for (const name of [
      'pods/status',
      'services/status',
      'nodes/status',
      'namespaces/status',
      'persistentvolumes/status',
      'persistentvolumeclaims/status',
      'resourcequotas/status',
      'replicationcontrollers/status',
    ]) {
      assert.deepEqual([...find(core, name).verbs].sort(), rw, name);
    }
    assert.deepEqual(find(core, 'pods/binding').verbs, ['create']);
    assert.equal(find(core, 'pods/binding').kind, 'Binding');
    assert.deepEqual(find(core, 'namespaces/finalize').verbs, ['update']);
    for (const [list, name] of [
      [core, 'replicationcontrollers/scale'],
      [apps, 'deployments/scale'],
      [apps, 'replicasets/scale'],
      [apps, 'statefulsets/scale'],
    ] as const) {
      const scale = find(list, name);
      assert.deepEqual(
        { kind: scale.kind, group: scale.group, version: scale.version },
        { kind: 'Scale', group: 'autoscaling', version: 'v1' },
        name,
      );
      assert.deepEqual([...scale.verbs].sort(), rw, name);
    }
    assert.equal(find(apps, 'daemonsets/status').kind, 'DaemonSet');
    assert.equal(
      apps.some((r) => r.name === 'daemonsets/scale'),
      false,
      'daemonsets have no scale subresource upstream',
    );
  });
});

describe('openapi', () => {
  it('explain pod.spec.containers prints the field and its fields', async () => {
    const { stdout } = await ok(['explain', 'pod.spec.containers']);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'KIND:       Pod');
    assert.equal(lines[1], 'VERSION:    v1');
    assert.ok(lines.includes('FIELD: containers <[]Container>'), stdout);
    assert.ok(lines.includes('DESCRIPTION:'));
    assert.ok(lines.includes('FIELDS:'));
    assert.ok(lines.includes('  name\t<string> -required-'), 'name is a required string');
    assert.ok(lines.includes('  image\t<string>'));
    assert.ok(lines.includes('  ports\t<[]ContainerPort>'));
    assert.ok(lines.includes('  resources\t<ResourceRequirements>'));
    assert.match(stdout, /List of containers belonging to the pod\./);
  });

  it('explain of a named-group field shows its group', async () => {
    const { stdout } = await ok(['explain', 'deployment.spec.replicas']);
    assert.deepEqual(stdout.split('\n').slice(0, 5), [
      'GROUP:      apps',
      'KIND:       Deployment',
      'VERSION:    v1',
      '',
      'FIELD: replicas <integer>',
    ]);
  });

  it('/openapi/v3 lists a hashed document per group-version; /openapi/v2 is the Swagger 2.0 document', async () => {
    const root = JSON.parse((await ok(['get', '--raw', '/openapi/v3'])).stdout) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    for (const key of ['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/storage.k8s.io/v1']) {
      assert.match(root.paths[key]?.serverRelativeURL ?? '', new RegExp(`^/openapi/v3/${key}\\?hash=\\w+$`));
    }
    const v2 = JSON.parse((await ok(['get', '--raw', '/openapi/v2'])).stdout) as { swagger: string };
    assert.equal(v2.swagger, '2.0');
  });
});

describe('cluster endpoints', () => {
  it('cluster-info names the control plane URL', async () => {
    const { stdout } = await ok(['cluster-info']);
    const lines = outputLines(stripAnsi(stdout));
    assert.equal(lines[0], `Kubernetes control plane is running at ${server?.url}`);
    assert.equal(
      lines.at(-1),
      "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
    );
  });

  it('get --raw /readyz?verbose lists passing checks', async () => {
    const lines = outputLines((await ok(['get', '--raw', '/readyz?verbose'])).stdout);
    assert.ok(lines.includes('[+]ping ok'));
    assert.ok(lines.length > 2);
    for (const line of lines.slice(0, -1)) assert.match(line, /^\[\+\][\w/-]+ ok$/);
    assert.equal(lines.at(-1), 'readyz check passed');
  });

  it('/livez?verbose, /healthz, /readyz and /livez answer as upstream', async () => {
    const livez = outputLines((await ok(['get', '--raw', '/livez?verbose'])).stdout);
    assert.ok(livez.includes('[+]ping ok'));
    assert.equal(livez.at(-1), 'livez check passed');
    for (const path of ['/healthz', '/readyz', '/livez']) {
      assert.equal((await ok(['get', '--raw', path])).stdout, 'ok', path);
    }
  });

  it('/metrics is Prometheus text with the apiserver request and storage metrics', async () => {
    // A request to count first.
    await ok(['get', 'namespaces']);
    const { stdout } = await ok(['get', '--raw', '/metrics']);
    assert.match(stdout, /^# TYPE apiserver_request_total counter$/m);
    assert.match(stdout, /^# TYPE apiserver_request_duration_seconds histogram$/m);
    assert.match(stdout, /^# TYPE apiserver_storage_objects gauge$/m);
    const listNamespaces = stdout
      .split('\n')
      .find(
        (l) =>
          l.startsWith('apiserver_request_total{') &&
          l.includes('code="200"') &&
          l.includes('resource="namespaces"') &&
          l.includes('verb="LIST"'),
      );
    assert.ok(listNamespaces, 'no apiserver_request_total sample for LIST namespaces');
    assert.ok(Number(listNamespaces.split(' ').at(-1)) >= 1);
    assert.match(stdout, /^apiserver_request_duration_seconds_bucket\{.*le="\+Inf".*\} \d+$/m);
    // default, kube-system, kube-public, kube-node-lease
    const nsObjects = /^apiserver_storage_objects\{resource="namespaces"\} (\d+)$/m.exec(stdout);
    assert.ok(nsObjects, 'no apiserver_storage_objects sample for namespaces');
    assert.ok(Number(nsObjects[1]) >= 4);
  });
});
