import type { Namespace, Node } from 'kubernetes-types/core/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { sortStrings } from './format.js';

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

function nodeStatus(node: Node): string {
  // Upstream keeps the last Ready condition listed; other condition types do not show.
  const readyConditions = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready');
  const ready = readyConditions[readyConditions.length - 1];
  const parts = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Node roles from node-role.kubernetes.io/<role> label keys and the legacy kubernetes.io/role value. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(rolePrefix)) {
      const role = key.slice(rolePrefix.length);
      if (role) roles.add(role);
    } else if (key === legacyRoleLabel && value) {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : sortStrings(roles).join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** core/v1 Node: Name, Status, Roles, Age, Version; wide Internal-IP, External-IP, OS-Image, Kernel-Version, Container-Runtime. */
export const nodePrinter = printer<Node>(
  [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', fieldDocs['core/v1.NodeSystemInfo.kubeletVersion']),
    column('Internal-IP', 'string', fieldDocs['core/v1.NodeStatus.addresses'], { wide: true }),
    column('External-IP', 'string', fieldDocs['core/v1.NodeStatus.addresses'], { wide: true }),
    column('OS-Image', 'string', fieldDocs['core/v1.NodeSystemInfo.osImage'], { wide: true }),
    column('Kernel-Version', 'string', fieldDocs['core/v1.NodeSystemInfo.kernelVersion'], { wide: true }),
    column('Container-Runtime', 'string', fieldDocs['core/v1.NodeSystemInfo.containerRuntimeVersion'], {
      wide: true,
    }),
  ],
  (node, now) => {
    const info = node.status?.nodeInfo;
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node),
      ageOf(node, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
);

/** core/v1 Namespace: Name, Status (the phase), Age. */
export const namespacePrinter = printer<Namespace>(
  [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  (ns, now) => [nameOf(ns), ns.status?.phase ?? '', ageOf(ns, now)],
);
