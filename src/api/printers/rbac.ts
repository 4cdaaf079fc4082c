import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';

// Subjects of other kinds are not shown upstream.
function subjectCells(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(roleRefDoc: string, noun: string) {
  return printer<RoleBinding | ClusterRoleBinding>(
    [
      nameColumn,
      column('Role', 'string', roleRefDoc),
      ageColumn,
      column('Users', 'string', `Users in the ${noun}`, { wide: true }),
      column('Groups', 'string', `Groups in the ${noun}`, { wide: true }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${noun}`, { wide: true }),
    ],
    (b, now) => [
      nameOf(b),
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      ageOf(b, now),
      ...subjectCells(b.subjects),
    ],
  );
}

/** rbac.authorization.k8s.io/v1 RoleBinding: Name, Role ("Kind/name"), Age; wide Users, Groups, ServiceAccounts. */
export const roleBindingPrinter = bindingPrinter(
  fieldDocs['rbac/v1beta1.RoleBinding.roleRef'],
  'roleBinding',
);

/** rbac.authorization.k8s.io/v1 ClusterRoleBinding: as RoleBinding, with cluster wording in descriptions. */
export const clusterRoleBindingPrinter = bindingPrinter(
  fieldDocs['rbac/v1beta1.ClusterRoleBinding.roleRef'],
  'clusterRoleBinding',
);
