import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { intOrString } from './format.js';

/** policy/v1 PodDisruptionBudget: Name, Min Available, Max Unavailable ("N/A" when unset), Allowed Disruptions, Age. */
export const podDisruptionBudgetPrinter = printer<PodDisruptionBudget>(
  [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  (pdb, now) => [
    nameOf(pdb),
    pdb.spec?.minAvailable != null ? intOrString(pdb.spec.minAvailable) : 'N/A',
    pdb.spec?.maxUnavailable != null ? intOrString(pdb.spec.maxUnavailable) : 'N/A',
    pdb.status?.disruptionsAllowed ?? 0,
    ageOf(pdb, now),
  ],
);

/** scheduling.k8s.io/v1 PriorityClass: Name, Value, Global-Default, Age, PreemptionPolicy (not wide, despite coming last). */
export const priorityClassPrinter = printer<PriorityClass>(
  [
    nameColumn,
    column('Value', 'integer', fieldDocs['scheduling/v1.PriorityClass.value']),
    column('Global-Default', 'boolean', fieldDocs['scheduling/v1.PriorityClass.globalDefault']),
    ageColumn,
    column('PreemptionPolicy', 'string', fieldDocs['scheduling/v1.PriorityClass.preemptionPolicy']),
  ],
  (pc, now) => [
    nameOf(pc),
    pc.value ?? 0,
    pc.globalDefault ?? false,
    ageOf(pc, now),
    pc.preemptionPolicy ?? '',
  ],
);

/** node.k8s.io/v1 RuntimeClass: Name, Handler, Age. */
export const runtimeClassPrinter = printer<RuntimeClass>(
  // Upstream reads the Handler description from ObjectMeta's docs, which have no such key: it is "".
  [nameColumn, column('Handler', 'string', ''), ageColumn],
  (rc, now) => [nameOf(rc), rc.handler ?? '', ageOf(rc, now)],
);

/** coordination.k8s.io/v1 Lease: Name, Holder, Age. */
export const leasePrinter = printer<Lease>(
  [nameColumn, column('Holder', 'string', fieldDocs['coordination/v1.LeaseSpec.holderIdentity']), ageColumn],
  (lease, now) => [nameOf(lease), lease.spec?.holderIdentity ?? '', ageOf(lease, now)],
);
