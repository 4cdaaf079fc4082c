import type { Pod, PodTemplate } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer, typed } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { containerCells, formatLabels } from './format.js';
import { podSummary } from './pod-status.js';
import type { Cell, PrintedRow, TablePrinter } from './types.js';

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter(
    (gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True',
  ).length;
  return `${passing}/${gates.length}`;
}

/** core/v1 Pod: Name, Ready, Status, Restarts, Age; wide IP, Node, Nominated Node, Readiness Gates. */
export const podPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    column('IP', 'string', fieldDocs['core/v1.PodStatus.podIP'], { wide: true }),
    column('Node', 'string', fieldDocs['core/v1.PodSpec.nodeName'], { wide: true }),
    column('Nominated Node', 'string', fieldDocs['core/v1.PodStatus.nominatedNodeName'], { wide: true }),
    column('Readiness Gates', 'string', fieldDocs['core/v1.PodSpec.readinessGates'], { wide: true }),
  ],
  row(obj: KubeObject, now: Date): PrintedRow {
    const pod = typed<Pod>(obj);
    const summary = podSummary(pod, now);
    // podIPs[0] is the primary IP; older writers may have set only podIP.
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    const cells: Cell[] = [
      nameOf(pod),
      summary.ready,
      summary.status,
      summary.restarts,
      ageOf(pod, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
    return summary.conditions ? { cells, conditions: summary.conditions } : { cells };
  },
};

/** core/v1 PodTemplate: Name, Containers, Images, Pod Labels (no Age column upstream). */
export const podTemplatePrinter = printer<PodTemplate>(
  [
    nameColumn,
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  (t) => [
    nameOf(t),
    ...containerCells(t.template?.spec?.containers),
    formatLabels(t.template?.metadata?.labels),
  ],
);
