// The apiserver's APF configuration producer (upstream's "ensurer", a post-start hook of
// kube-apiserver): at start it creates every missing bootstrap priority level and flow schema,
// puts back the specs auto-update rules say to (auto-update.ts), and deletes objects it once
// created that the bootstrap configuration no longer has. Upstream order: suggested levels,
// suggested schemas, mandatory levels, mandatory schemas, then the removals.

import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import type { Logger } from '../../base/logger.js';
import type { KubeObject } from '../../api/object.js';
import { autoUpdateAnnotation } from '../../api/flowcontrol/mandatory-configuration.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { parseGoBool } from '../../base/go-bool.js';
import { type ConfigurationKind, reviseIfNeeded } from './auto-update.js';
import {
  mandatoryFlowSchemas,
  mandatoryPriorityLevels,
  suggestedFlowSchemas,
  suggestedPriorityLevels,
} from './bootstrap-configuration.js';

/** The field manager upstream's producer writes as (it shows in managedFields). */
export const configurationFieldManager = 'api-priority-and-fairness-config-producer-v1';

/** The reads and writes of one flowcontrol kind the producer needs (in the apiserver: the registry's store). */
export interface ConfigurationObjects {
  /** The stored object, or undefined. */
  get(name: string): Promise<KubeObject | undefined>;
  /** Defaults and creates the object; throws an AlreadyExists StatusError when it exists. */
  create(object: KubeObject): Promise<void>;
  /** Replaces the object at its resourceVersion; throws a Conflict StatusError when it changed since. */
  update(object: KubeObject): Promise<void>;
  /** Every stored object. */
  list(): Promise<readonly KubeObject[]>;
  /** Deletes the object; throws a NotFound StatusError when it is already gone. */
  delete(name: string): Promise<void>;
}

/** What the producer works on. */
export interface EnsureConfigurationOptions {
  readonly flowSchemas: ConfigurationObjects;
  readonly priorityLevels: ConfigurationObjects;
  readonly log: Logger;
}

async function ensureObject(
  ops: ConfigurationObjects,
  kind: ConfigurationKind,
  bootstrap: KubeObject,
  mandatory: boolean,
  log: Logger,
): Promise<void> {
  const name = bootstrap.metadata?.name ?? '';
  const type = mandatory ? 'mandatory' : 'suggested';
  for (;;) {
    const current = await ops.get(name);
    if (current === undefined) {
      try {
        await ops.create(structuredClone(bootstrap));
        log.info(`created ${kind}`, { type, name });
        return;
      } catch (err) {
        // Someone else created it meanwhile: judge theirs like any existing object.
        if (!isStatusError(err, 'AlreadyExists')) throw err;
        continue;
      }
    }
    const revised = reviseIfNeeded(kind, current, bootstrap, mandatory);
    if (revised === undefined) return;
    try {
      await ops.update(revised);
      log.info(`updated ${kind}`, { type, name });
    } catch (err) {
      // Changed meanwhile; upstream leaves it for its next periodic pass.
      if (!isStatusError(err, 'Conflict')) throw err;
      log.info(`${kind} changed concurrently; not updated`, { type, name });
    }
    return;
  }
}

// Objects the producer made (annotation "true") that the bootstrap configuration has dropped.
async function removeUnwanted(
  ops: ConfigurationObjects,
  kind: ConfigurationKind,
  wanted: readonly KubeObject[],
  log: Logger,
): Promise<void> {
  const names = new Set(wanted.map((o) => o.metadata?.name));
  for (const object of await ops.list()) {
    const name = object.metadata?.name ?? '';
    if (names.has(name)) continue;
    if (parseGoBool(object.metadata?.annotations?.[autoUpdateAnnotation]) !== true) continue;
    try {
      await ops.delete(name);
      log.info(`deleted unwanted ${kind}`, { name });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }
}

/** Brings the stored APF configuration in line with the bootstrap configuration, once. */
export async function ensureFlowControlConfiguration(options: EnsureConfigurationOptions): Promise<void> {
  const { flowSchemas, priorityLevels, log } = options;
  const each = async (
    ops: ConfigurationObjects,
    kind: ConfigurationKind,
    objects: readonly (FlowSchema | PriorityLevelConfiguration)[],
    mandatory: boolean,
  ) => {
    for (const o of objects) await ensureObject(ops, kind, o as KubeObject, mandatory, log);
  };
  await each(priorityLevels, 'PriorityLevelConfiguration', suggestedPriorityLevels, false);
  await each(flowSchemas, 'FlowSchema', suggestedFlowSchemas, false);
  await each(priorityLevels, 'PriorityLevelConfiguration', mandatoryPriorityLevels, true);
  await each(flowSchemas, 'FlowSchema', mandatoryFlowSchemas, true);
  const bootstrapFlowSchemas = [...mandatoryFlowSchemas, ...suggestedFlowSchemas] as KubeObject[];
  const bootstrapPriorityLevels = [...mandatoryPriorityLevels, ...suggestedPriorityLevels] as KubeObject[];
  await removeUnwanted(flowSchemas, 'FlowSchema', bootstrapFlowSchemas, log);
  await removeUnwanted(priorityLevels, 'PriorityLevelConfiguration', bootstrapPriorityLevels, log);
}
