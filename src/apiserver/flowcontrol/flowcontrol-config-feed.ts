import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import type { KubeObject } from '../../api/object.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { Logger } from '../../base/logger.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ResourceRegistry } from '../resource-registry.js';
import {
  borrowingPeriodMs,
  danglingCondition,
  type DanglingUpdate,
  type PriorityAndFairness,
} from './priority-and-fairness.js';

const group = 'flowcontrol.apiserver.k8s.io';
/** The field manager upstream's configuration consumer writes FlowSchema status as. */
const fieldManager = 'api-priority-and-fairness-config-consumer-v1';

/**
 * Keeps the dispatcher's configuration in step with the stored FlowSchemas and
 * PriorityLevelConfigurations (upstream's APF config controller): reconfigures after every change
 * seen in their watch caches, writes each FlowSchema's Dangling condition, and runs the periodic
 * borrowing adjustment. Returns a stop function.
 */
export function feedFlowControl(
  apf: PriorityAndFairness,
  registry: ResourceRegistry,
  log: Logger,
): () => void {
  const flowSchemas = registry.preferred(group, 'flowschemas').store;
  const levels = registry.preferred(group, 'prioritylevelconfigurations').store;
  let stopped = false;
  let pending = false;
  const refresh = () => {
    if (pending || stopped) return;
    pending = true;
    // One reconfiguration for a burst of events (the startup ensurer writes a dozen objects).
    setImmediate(() => {
      pending = false;
      if (stopped) return;
      const updates = apf.configure(
        flowSchemas.cachedList() as unknown as FlowSchema[],
        levels.cachedList() as unknown as PriorityLevelConfiguration[],
      );
      for (const update of updates) {
        writeDangling(registry, update).catch((err: unknown) =>
          log.error('cannot update a FlowSchema status', { name: update.name, err }),
        );
      }
    });
  };
  for (const store of [flowSchemas, levels]) {
    const follow = async (): Promise<void> => {
      for (;;) {
        const watcher = await store.watch({ namespace: '', filter: () => true, bookmarks: false });
        refresh();
        let reset = false;
        for await (const event of watcher) {
          if (stopped) return;
          if (event.type === 'ERROR') reset = true;
          else if (event.type !== 'BOOKMARK') refresh();
        }
        if (!reset || stopped) return;
      }
    };
    follow().catch((err: unknown) => log.error('priority and fairness configuration feed stopped', { err }));
  }
  const timer = setInterval(() => apf.adjustBorrowing(), borrowingPeriodMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

async function writeDangling(registry: ResourceRegistry, update: DanglingUpdate): Promise<void> {
  const store = registry.preferred(group, 'flowschemas').store;
  const now = new Date();
  const condition = {
    ...danglingCondition(update.dangling, update.priorityLevel),
    lastTransitionTime: formatRfc3339(now),
  };
  try {
    await store.guaranteedUpdate(
      '',
      update.name,
      (_current, copy) => {
        const next = copy() as KubeObject & { status?: { conditions?: unknown[] } };
        const others = (next.status?.conditions ?? []).filter(
          (c) => (c as { type?: string }).type !== 'Dangling',
        );
        next.status = { ...next.status, conditions: [...others, condition] };
        return next;
      },
      { now, dryRun: false, fieldManager, apiVersion: `${group}/v1`, subresource: 'status' },
    );
  } catch (err) {
    // Deleted meanwhile: nothing to report on.
    if (!isStatusError(err, 'NotFound')) throw err;
  }
}
