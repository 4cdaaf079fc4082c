import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { Logger } from '../../base/logger.js';
import type { KubeObject } from '../../api/object.js';
import type { WriteOptions } from '../registry/resource-store.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { bootstrapPolicy } from './rbac/bootstrap/bootstrap-policy.js';
import { reconcileBootstrapPolicy, type RbacObject } from './rbac/bootstrap/reconcile.js';

const group = 'rbac.authorization.k8s.io';

const resources: Readonly<Record<string, string>> = {
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
};

const resourceOf = (o: RbacObject): string => resources[o.kind ?? ''] ?? '';

/**
 * Brings the stored RBAC objects up to upstream's bootstrap policy at start-up: creates what is
 * missing and adds missing rules/subjects to objects marked autoupdate, leaving user changes alone.
 */
export async function reconcileRbac(registry: ResourceRegistry, now: Date, log: Logger): Promise<void> {
  const list = async (resource: string) =>
    (await registry.preferred(group, resource).store.list({ namespace: '', filtered: false })).items.map(
      (o) => o.object,
    );
  const existing = {
    clusterRoles: (await list('clusterroles')) as unknown as ClusterRole[],
    clusterRoleBindings: (await list('clusterrolebindings')) as unknown as ClusterRoleBinding[],
    roles: (await list('roles')) as unknown as Role[],
    roleBindings: (await list('rolebindings')) as unknown as RoleBinding[],
  };
  const opts: WriteOptions = {
    now,
    dryRun: false,
    fieldManager: 'kube-apiserver',
    apiVersion: `${group}/v1`,
  };
  let created = 0;
  let updated = 0;
  for (const write of reconcileBootstrapPolicy(existing, bootstrapPolicy())) {
    const object = { apiVersion: `${group}/v1`, ...write.object } as KubeObject;
    const store = registry.preferred(group, resourceOf(write.object)).store;
    const ns = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    if (write.action === 'update') {
      await store.update(ns, name, object, opts);
      updated++;
      continue;
    }
    if (write.action === 'recreate') {
      await store.delete(ns, name, { preconditions: { uid: write.previous.metadata?.uid ?? '' } }, opts);
    }
    const { resourceVersion: _rv, uid: _uid, ...meta } = object.metadata ?? {};
    await store.create({ ...object, metadata: meta }, opts);
    created++;
  }
  if (created + updated > 0) log.info('reconciled RBAC bootstrap policy', { created, updated });
}
