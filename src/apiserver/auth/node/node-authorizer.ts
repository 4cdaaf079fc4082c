// Upstream's Node authorizer (with AuthorizeNodeWithSelectors, on by default in 1.32): a kubelet
// (`system:node:<name>` in system:nodes) may read the Secrets, ConfigMaps, volumes and service
// account tokens of pods bound to its node, its own Node and Lease, pods by spec.nodeName, and
// otherwise what the system:node rules allow. Everyone else gets no opinion (RBAC decides).

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import type { AuthorizationAttributes, AuthorizationResult, Authorizer } from '../rbac/authorizer.js';
import type { UserRules } from '../rbac/rbac-authorizer.js';
import { rulesAllow } from '../rbac/rule-matching.js';
import type { NodeGraphKind, NodeGraphView } from './node-graph.js';
import { nodeIdentity } from './node-identity.js';

/** The namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

const allow: AuthorizationResult = { decision: 'allow', reason: '' };
const noOpinion = (reason = ''): AuthorizationResult => ({ decision: 'no-opinion', reason });

/** Options of a NodeAuthorizer. */
export interface NodeAuthorizerOptions {
  readonly graph: NodeGraphView;
  /** The static rules every node holds (upstream's bootstrap NodeRules, the system:node role). */
  readonly nodeRules: readonly PolicyRule[];
}

/** The Node authorizer; see the file comment. */
export class NodeAuthorizer implements Authorizer {
  constructor(private readonly options: NodeAuthorizerOptions) {}

  authorize(attrs: AuthorizationAttributes): AuthorizationResult {
    const node = nodeIdentity(attrs.user);
    if (node === undefined) return noOpinion();
    if (node === '') return noOpinion(`unknown node for user "${attrs.user.name}"`);
    if (attrs.isResourceRequest) {
      const decided = this.subdivided(node, attrs);
      if (decided !== undefined) return decided;
    }
    return rulesAllow(attrs, this.options.nodeRules) ? allow : noOpinion();
  }

  /** Nodes' permissions are not enumerable: a rules review for a node is incomplete, as upstream. */
  rulesFor(user: UserInfo): UserRules {
    const isNode = nodeIdentity(user) !== undefined;
    return {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: isNode,
      evaluationError: isNode ? 'node authorizer does not support user rule resolution' : '',
    };
  }

  // The resources upstream decides by relationship; undefined for the rest (static rules decide).
  private subdivided(node: string, a: AuthorizationAttributes): AuthorizationResult | undefined {
    const group = a.apiGroup;
    switch (`${group}/${a.resource}`) {
      case '/secrets':
        return this.readNamespaced(node, 'secret', a);
      case '/configmaps':
        return this.readNamespaced(node, 'configmap', a);
      case '/persistentvolumeclaims':
        return a.subresource === 'status'
          ? this.statusUpdate(node, 'persistentvolumeclaim', a)
          : this.getOnly(node, 'persistentvolumeclaim', a);
      case '/persistentvolumes':
        return this.getOnly(node, 'persistentvolume', a);
      case 'resource.k8s.io/resourceclaims':
        return this.getOnly(node, 'resourceclaim', a);
      case 'storage.k8s.io/volumeattachments':
        return this.getOnly(node, 'volumeattachment', a);
      case '/serviceaccounts':
        return this.createToken(node, a);
      case 'coordination.k8s.io/leases':
        return this.ownNamed(node, a, 'can only get, create, update, patch, or delete a node lease', {
          namespace: NODE_LEASE_NAMESPACE,
          mismatch: 'can only access node lease with the same name as the requesting node',
        });
      case 'storage.k8s.io/csinodes':
        if (a.subresource !== '') return noOpinion('cannot authorize CSINode subresources');
        return this.ownNamed(node, a, 'can only get, create, update, patch, or delete a CSINode', {
          mismatch: 'can only access CSINode with the same name as the requesting node',
        });
      case '/nodes':
        return this.nodeObject(node, a);
      case '/pods':
        return this.pod(node, a);
      default:
        return undefined;
    }
  }

  private related(node: string, kind: NodeGraphKind, a: AuthorizationAttributes): AuthorizationResult {
    if (a.name === '') return noOpinion('No Object name found');
    return this.options.graph.hasPath(node, kind, a.namespace, a.name)
      ? allow
      : noOpinion(`no relationship found between node '${node}' and this object`);
  }

  private readNamespaced(node: string, kind: NodeGraphKind, a: AuthorizationAttributes): AuthorizationResult {
    if (!['get', 'list', 'watch'].includes(a.verb)) return noOpinion('can only read resources of this type');
    if (a.subresource !== '') return noOpinion('cannot read subresource');
    if (a.namespace === '') return noOpinion('can only read namespaced object of this type');
    return this.related(node, kind, a);
  }

  private getOnly(node: string, kind: NodeGraphKind, a: AuthorizationAttributes): AuthorizationResult {
    if (a.verb !== 'get') return noOpinion('can only get individual resources of this type');
    if (a.subresource !== '') return noOpinion('cannot get subresource');
    return this.related(node, kind, a);
  }

  private statusUpdate(node: string, kind: NodeGraphKind, a: AuthorizationAttributes): AuthorizationResult {
    if (a.verb !== 'update' && a.verb !== 'patch') return noOpinion('can only get/update/patch this type');
    return this.related(node, kind, a);
  }

  private createToken(node: string, a: AuthorizationAttributes): AuthorizationResult {
    if (a.verb !== 'create' || a.name === '')
      return noOpinion('can only create tokens for individual service accounts');
    if (a.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
    return this.related(node, 'serviceaccount', a);
  }

  // Leases and CSINodes: a node's own object only (on create the name is unknown here; the
  // NodeRestriction admission plugin checks it).
  private ownNamed(
    node: string,
    a: AuthorizationAttributes,
    verbMessage: string,
    rule: { namespace?: string; mismatch: string },
  ): AuthorizationResult {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion(verbMessage);
    if (rule.namespace !== undefined && a.namespace !== rule.namespace)
      return noOpinion(`can only access leases in the "${rule.namespace}" system namespace`);
    if (a.verb !== 'create' && a.name !== node) return noOpinion(rule.mismatch);
    return allow;
  }

  private nodeObject(node: string, a: AuthorizationAttributes): AuthorizationResult {
    if (a.subresource === '') {
      // Writes are narrowed to the node's own object by NodeRestriction.
      if (['create', 'update', 'patch'].includes(a.verb)) return allow;
      if (['get', 'list', 'watch'].includes(a.verb)) {
        if (a.name === node) return allow;
        if (a.name === '') return noOpinion(`node '${node}' cannot read all nodes, only its own Node object`);
        return noOpinion(`node '${node}' cannot read '${a.name}', only its own Node object`);
      }
    } else if (a.subresource === 'status' && (a.verb === 'update' || a.verb === 'patch')) {
      return allow;
    }
    return noOpinion();
  }

  private pod(node: string, a: AuthorizationAttributes): AuthorizationResult {
    switch (a.subresource) {
      case '':
        if (a.verb === 'get') return this.getOnly(node, 'pod', a);
        if (a.verb === 'list' || a.verb === 'watch') {
          const scoped = (a.fieldSelector ?? []).some(
            (r) => r.field === 'spec.nodeName' && r.operator === '=' && r.value === node,
          );
          if (scoped) return allow;
          if (a.name !== '') return this.related(node, 'pod', a);
          return noOpinion('can only list/watch pods with spec.nodeName field selector');
        }
        // Mirror pods; NodeRestriction keeps them to the node's own.
        if (a.verb === 'create' || a.verb === 'delete') return allow;
        break;
      case 'status':
        if (a.verb === 'update' || a.verb === 'patch') return allow;
        break;
      case 'eviction':
        if (a.verb === 'create') return allow;
        break;
    }
    return noOpinion();
  }
}
