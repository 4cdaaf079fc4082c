import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import type { AuthorizationAttributes } from '../rbac/authorizer.js';
import { nodeRules } from '../rbac/bootstrap/component-roles.js';
import { NodeAuthorizer } from './node-authorizer.js';
import { NodeGraph } from './node-graph.js';

const nodeA: UserInfo = { name: 'system:node:a', groups: ['system:nodes', 'system:authenticated'] };
const jane: UserInfo = { name: 'jane', groups: ['system:authenticated'] };

function pod(name: string, node: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    metadata: { namespace: 'default', name },
    spec: { nodeName: node, serviceAccountName: 'default', containers: [{ name: 'c' }], ...extra },
  };
}

function world(): NodeGraph {
  const g = new NodeGraph();
  g.setPod(
    pod('web', 'a', {
      volumes: [
        { name: 'cfg', configMap: { name: 'web-config' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
      ],
      containers: [
        { name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'web-secret', key: 'k' } } }] },
      ],
    }),
  );
  g.setPod(pod('db', 'b', { volumes: [{ name: 's', secret: { secretName: 'db-secret' } }] }));
  g.setPersistentVolume({
    metadata: { name: 'pv-1' },
    spec: {
      claimRef: { namespace: 'default', name: 'web-data' },
      csi: {
        driver: 'x',
        volumeHandle: 'h',
        nodePublishSecretRef: { namespace: 'storage', name: 'csi-creds' },
      },
    },
  });
  g.setVolumeAttachment({ metadata: { name: 'va-1' }, spec: { attacher: 'x', nodeName: 'a', source: {} } });
  return g;
}

function attrs(over: Partial<AuthorizationAttributes>): AuthorizationAttributes {
  return {
    user: nodeA,
    verb: 'get',
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    path: '',
    isResourceRequest: true,
    ...over,
  };
}

const noRel = "no relationship found between node 'a' and this object";

// [what, attributes, decision, reason]
// prettier-ignore
const table: [string, Partial<AuthorizationAttributes>, 'allow' | 'no-opinion', string][] = [
  ['a non-node user is left to RBAC', { user: jane, resource: 'secrets', namespace: 'default', name: 'web-secret' }, 'no-opinion', ''],
  ['a node without a name is refused', { user: { name: 'system:node:', groups: ['system:nodes'] }, resource: 'pods' }, 'no-opinion', 'unknown node for user "system:node:"'],
  ['a secret its pod uses', { resource: 'secrets', namespace: 'default', name: 'web-secret' }, 'allow', ''],
  ['watching that secret by name', { verb: 'watch', resource: 'secrets', namespace: 'default', name: 'web-secret' }, 'allow', ''],
  ["another node's pod's secret", { resource: 'secrets', namespace: 'default', name: 'db-secret' }, 'no-opinion', noRel],
  ['listing all secrets', { verb: 'list', resource: 'secrets', namespace: 'default' }, 'no-opinion', 'No Object name found'],
  ['writing a secret', { verb: 'update', resource: 'secrets', namespace: 'default', name: 'web-secret' }, 'no-opinion', 'can only read resources of this type'],
  ['a configmap its pod mounts', { resource: 'configmaps', namespace: 'default', name: 'web-config' }, 'allow', ''],
  ['its pod claim', { resource: 'persistentvolumeclaims', namespace: 'default', name: 'web-data' }, 'allow', ''],
  ['listing claims', { verb: 'list', resource: 'persistentvolumeclaims', namespace: 'default' }, 'no-opinion', 'can only get individual resources of this type'],
  ['its claim status', { verb: 'patch', resource: 'persistentvolumeclaims', subresource: 'status', namespace: 'default', name: 'web-data' }, 'allow', ''],
  ['the volume bound to its claim', { resource: 'persistentvolumes', name: 'pv-1' }, 'allow', ''],
  ["that volume's CSI secret", { resource: 'secrets', namespace: 'storage', name: 'csi-creds' }, 'allow', ''],
  ['its volume attachment', { apiGroup: 'storage.k8s.io', resource: 'volumeattachments', name: 'va-1' }, 'allow', ''],
  ['a token for its pod service account', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'default' }, 'allow', ''],
  ['a token for another account', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'kube-system', name: 'default' }, 'no-opinion', noRel],
  ['reading a service account', { resource: 'serviceaccounts', namespace: 'default', name: 'default' }, 'no-opinion', 'can only create tokens for individual service accounts'],
  ['its own lease', { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'a' }, 'allow', ''],
  ["another node's lease", { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'b' }, 'no-opinion', 'can only access node lease with the same name as the requesting node'],
  ['a lease elsewhere', { verb: 'create', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'default' }, 'no-opinion', 'can only access leases in the "kube-node-lease" system namespace'],
  ['listing leases', { verb: 'list', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' }, 'no-opinion', 'can only get, create, update, patch, or delete a node lease'],
  ['its own node', { resource: 'nodes', name: 'a' }, 'allow', ''],
  ['another node', { resource: 'nodes', name: 'b' }, 'no-opinion', "node 'a' cannot read 'b', only its own Node object"],
  ['all nodes', { verb: 'list', resource: 'nodes' }, 'no-opinion', "node 'a' cannot read all nodes, only its own Node object"],
  ['node status (NodeRestriction narrows it)', { verb: 'patch', resource: 'nodes', subresource: 'status', name: 'b' }, 'allow', ''],
  ['deleting a node', { verb: 'delete', resource: 'nodes', name: 'a' }, 'no-opinion', ''],
  ['its pod', { resource: 'pods', namespace: 'default', name: 'web' }, 'allow', ''],
  ["another node's pod", { resource: 'pods', namespace: 'default', name: 'db' }, 'no-opinion', noRel],
  ['pods by its spec.nodeName', { verb: 'watch', resource: 'pods', fieldSelector: [{ field: 'spec.nodeName', operator: '=', value: 'a' }] }, 'allow', ''],
  ['pods by another spec.nodeName', { verb: 'list', resource: 'pods', fieldSelector: [{ field: 'spec.nodeName', operator: '=', value: 'b' }] }, 'no-opinion', 'can only list/watch pods with spec.nodeName field selector'],
  ['pod status', { verb: 'update', resource: 'pods', subresource: 'status', namespace: 'default', name: 'web' }, 'allow', ''],
  ['pod eviction', { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'web' }, 'allow', ''],
  ['services, by the static node rules', { verb: 'list', resource: 'services' }, 'allow', ''],
  ['events, by the static node rules', { verb: 'create', resource: 'events', namespace: 'default' }, 'allow', ''],
  ['deployments are not in the node rules', { verb: 'list', apiGroup: 'apps', resource: 'deployments' }, 'no-opinion', ''],
];

describe('Node authorizer', () => {
  const authorizer = new NodeAuthorizer({ graph: world(), nodeRules: nodeRules() });
  for (const [what, over, decision, reason] of table) {
    it(what, () => {
      assert.deepEqual(authorizer.authorize(attrs(over)), { decision, reason });
    });
  }

  it('reports rules of nodes as incomplete, as upstream', () => {
    assert.deepEqual(authorizer.rulesFor(nodeA), {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: true,
      evaluationError: 'node authorizer does not support user rule resolution',
    });
    assert.equal(authorizer.rulesFor(jane).incomplete, false);
  });
});

describe('Node authorizer graph', () => {
  it('forgets what a deleted pod related, but not what another pod still uses', () => {
    const g = world();
    g.setPod(pod('web-2', 'a', { volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }] }));
    g.removePod('default', 'web');
    assert.equal(g.hasPath('a', 'secret', 'default', 'web-secret'), false);
    assert.equal(g.hasPath('a', 'configmap', 'default', 'web-config'), true);
    assert.equal(g.hasPath('a', 'persistentvolume', '', 'pv-1'), false);
    assert.equal(g.hasPath('a', 'secret', 'storage', 'csi-creds'), false);
  });

  it('keeps what a pod relates across its status updates, and follows a new pod of the name and ephemeral containers', () => {
    const g = new NodeGraph();
    const first: Pod = { ...pod('web', 'a', { volumes: [{ name: 's', secret: { secretName: 'one' } }] }) };
    first.metadata = { ...first.metadata, uid: 'u1' };
    g.setPod(first);
    g.setPod({ ...first, status: { phase: 'Running' } });
    assert.equal(g.hasPath('a', 'secret', 'default', 'one'), true);
    // A debugging container's env names another Secret.
    g.setPod({
      ...first,
      spec: {
        ...first.spec!,
        ephemeralContainers: [
          { name: 'dbg', env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'two', key: 'k' } } }] },
        ],
      },
    });
    assert.equal(g.hasPath('a', 'secret', 'default', 'two'), true);
    // Deleted and created again under the same name (a new uid) with other volumes.
    const second: Pod = { ...pod('web', 'a', { volumes: [{ name: 's', secret: { secretName: 'three' } }] }) };
    second.metadata = { ...second.metadata, uid: 'u2' };
    g.setPod(second);
    assert.equal(g.hasPath('a', 'secret', 'default', 'one'), false);
    assert.equal(g.hasPath('a', 'secret', 'default', 'three'), true);
  });

  it('moves a pod to the node it is rebound to and ignores unbound pods', () => {
    const g = world();
    g.setPod(pod('web', 'b'));
    assert.equal(g.hasPath('a', 'pod', 'default', 'web'), false);
    assert.equal(g.hasPath('b', 'pod', 'default', 'web'), true);
    g.setPod(pod('pending', ''));
    assert.equal(g.hasPath('', 'pod', 'default', 'pending'), false);
  });

  it('relates image pull secrets, envFrom, projected sources and ephemeral claims', () => {
    const g = new NodeGraph();
    g.setPod(
      pod('p', 'n', {
        imagePullSecrets: [{ name: 'pull' }],
        containers: [
          { name: 'c', envFrom: [{ configMapRef: { name: 'env-cm' }, secretRef: { name: 'env-s' } }] },
        ],
        volumes: [
          {
            name: 'proj',
            projected: { sources: [{ secret: { name: 'proj-s' } }, { configMap: { name: 'proj-cm' } }] },
          },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        ],
      }),
    );
    for (const [kind, name] of [
      ['secret', 'pull'],
      ['secret', 'env-s'],
      ['secret', 'proj-s'],
      ['configmap', 'env-cm'],
      ['configmap', 'proj-cm'],
      ['persistentvolumeclaim', 'p-scratch'],
    ] as const) {
      assert.equal(g.hasPath('n', kind, 'default', name), true, `${kind} ${name}`);
    }
  });
});
