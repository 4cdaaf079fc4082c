import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, struct, view } from './fields.js';

// Upstream's v1 defaulters run on whichever of `limited`, `exempt` and `queuing` are present,
// whatever spec.type or limitResponse.type say: a missing struct is never created (validation
// reports it), and a present one is filled in even when its type will make validation reject it.

/** FlowSchema (flowcontrol.apiserver.k8s.io/v1): an unset (zero) matchingPrecedence is 1000. */
export function defaultFlowSchema(object: KubeObject): void {
  const spec = ensureStruct(view<FlowSchema>(object), 'spec');
  if (spec && !spec.matchingPrecedence) spec.matchingPrecedence = 1000;
}

/**
 * PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1): limited levels get 30 nominal
 * shares when unset (v1 keeps an explicit 0) and lend nothing; exempt levels get 0 and 0; queuing
 * gets 64 queues, hand size 8 and queue length limit 50 for each zero field.
 */
export function defaultPriorityLevelConfiguration(object: KubeObject): void {
  const spec = struct(view<PriorityLevelConfiguration>(object).spec);
  const limited = struct(spec?.limited);
  if (limited) {
    limited.nominalConcurrencyShares ??= 30;
    limited.lendablePercent ??= 0;
    const queuing = struct(struct(limited.limitResponse)?.queuing);
    if (queuing) {
      if (!queuing.queues) queuing.queues = 64;
      if (!queuing.handSize) queuing.handSize = 8;
      if (!queuing.queueLengthLimit) queuing.queueLengthLimit = 50;
    }
  }
  const exempt = struct(spec?.exempt);
  if (exempt) {
    exempt.nominalConcurrencyShares ??= 0;
    exempt.lendablePercent ??= 0;
  }
}
