import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import type { KubeObject } from '../object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer, typed } from './columns.js';
import { fieldDocs } from './field-docs.js';
import type { Cell, TablePrinter } from './types.js';

// Upstream declares every flowcontrol column a string, numbers included, and sends the numbers as
// integers all the same; kubectl prints them alike.

/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema: Name, PriorityLevel, MatchingPrecedence,
 * DistinguisherMethod ("<none>" when unset), Age, MissingPL (the Dangling condition's status, "?"
 * before the apiserver has judged it). Lists print in matching order: precedence, then name.
 */
export const flowSchemaPrinter: TablePrinter = {
  ...printer<FlowSchema>(
    [
      nameColumn,
      column('PriorityLevel', 'string', fieldDocs['flowcontrol/v1.PriorityLevelConfigurationReference.name']),
      column('MatchingPrecedence', 'string', fieldDocs['flowcontrol/v1.FlowSchemaSpec.matchingPrecedence']),
      column('DistinguisherMethod', 'string', fieldDocs['flowcontrol/v1.FlowSchemaSpec.distinguisherMethod']),
      ageColumn,
      column('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
    ],
    (fs, now) => [
      nameOf(fs),
      fs.spec?.priorityLevelConfiguration?.name ?? '',
      fs.spec?.matchingPrecedence ?? 0,
      fs.spec?.distinguisherMethod ? fs.spec.distinguisherMethod.type : '<none>',
      ageOf(fs, now),
      fs.status?.conditions?.find((c) => c.type === 'Dangling')?.status ?? '?',
    ],
  ),
  order(objects: readonly KubeObject[]): readonly KubeObject[] {
    const precedence = (o: KubeObject) => typed<FlowSchema>(o).spec?.matchingPrecedence ?? 0;
    return [...objects].sort((a, b) => {
      const diff = precedence(a) - precedence(b);
      if (diff !== 0) return diff;
      const [x, y] = [nameOf(a), nameOf(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  },
};

/**
 * flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration: Name, Type,
 * NominalConcurrencyShares, Queues, HandSize, QueueLengthLimit, Age; "<none>" where the level is
 * not limited (shares) or does not queue (the queuing columns).
 */
export const priorityLevelConfigurationPrinter = printer<PriorityLevelConfiguration>(
  [
    nameColumn,
    column('Type', 'string', fieldDocs['flowcontrol/v1.PriorityLevelConfigurationSpec.type']),
    column(
      'NominalConcurrencyShares',
      'string',
      fieldDocs['flowcontrol/v1.LimitedPriorityLevelConfiguration.nominalConcurrencyShares'],
    ),
    column('Queues', 'string', fieldDocs['flowcontrol/v1.QueuingConfiguration.queues']),
    column('HandSize', 'string', fieldDocs['flowcontrol/v1.QueuingConfiguration.handSize']),
    column('QueueLengthLimit', 'string', fieldDocs['flowcontrol/v1.QueuingConfiguration.queueLengthLimit']),
    ageColumn,
  ],
  (pl, now) => {
    const limited = pl.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    const queueCells: Cell[] = queuing
      ? [queuing.queues ?? 0, queuing.handSize ?? 0, queuing.queueLengthLimit ?? 0]
      : ['<none>', '<none>', '<none>'];
    return [
      nameOf(pl),
      pl.spec?.type ?? '',
      limited ? (limited.nominalConcurrencyShares ?? 0) : '<none>',
      ...queueCells,
      ageOf(pl, now),
    ];
  },
);
