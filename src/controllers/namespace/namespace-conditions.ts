// The status conditions the namespace controller maintains while a namespace terminates
// (namespace/deletion/status_condition_utils.go): types, reasons and messages as upstream.
import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';

const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const okMessages: Readonly<Record<string, string>> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
};
const okReasons: Readonly<Record<string, string>> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
};

/** namespaceConditionUpdater: collects failures of one deletion pass, then updates the status. */
export class NamespaceConditionUpdater {
  private readonly conditions: NamespaceCondition[] = [];
  private readonly contentErrors: string[] = [];

  constructor(private readonly nowMs: number) {}

  private add(type: string, reason: string, message: string): void {
    this.conditions.push({
      type,
      status: 'True',
      lastTransitionTime: formatRfc3339(this.nowMs),
      reason,
      message,
    });
  }

  /** Discovery failed (for some groups). */
  discoveryFailed(message: string): void {
    this.add('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', message);
  }

  /** A discovered group version did not parse. */
  groupVersionFailed(message: string): void {
    this.add('NamespaceDeletionGroupVersionParsingFailure', 'GroupVersionParsingFailed', message);
  }

  /** Deleting the content of one resource failed. */
  contentFailed(message: string): void {
    this.contentErrors.push(message);
  }

  /** What remains: instances per "resource.group" and per finalizer. */
  contentTotals(remaining: ReadonlyMap<string, number>, finalizers: ReadonlyMap<string, number>): void {
    const resources = [...remaining]
      .filter(([, n]) => n > 0)
      .map(([gr, n]) => `${gr} has ${n} resource instances`)
      .sort();
    if (resources.length > 0)
      this.add(
        'NamespaceContentRemaining',
        'SomeResourcesRemain',
        `Some resources are remaining: ${resources.join(', ')}`,
      );
    const byFinalizer = [...finalizers]
      .filter(([, n]) => n > 0)
      .map(([f, n]) => `${f} in ${n} resource instances`)
      .sort();
    if (byFinalizer.length > 0)
      this.add(
        'NamespaceFinalizersRemaining',
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
      );
  }

  /** Writes the conditions into `status` (failures True, the rest False with the ok reason); true when changed. */
  update(status: NamespaceStatus): boolean {
    if (
      this.contentErrors.length > 0 &&
      !this.conditions.some((c) => c.type === 'NamespaceDeletionContentFailure')
    ) {
      const msgs = [...this.contentErrors].sort();
      this.add(
        'NamespaceDeletionContentFailure',
        'ContentDeletionFailed',
        `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      );
    }
    let changed = false;
    const conditions = (status.conditions ??= []);
    for (const type of conditionTypes) {
      const next = this.conditions.find((c) => c.type === type) ?? {
        type,
        status: 'False',
        lastTransitionTime: formatRfc3339(this.nowMs),
        reason: okReasons[type],
        message: okMessages[type],
      };
      const i = conditions.findIndex((c) => c.type === type);
      const old = conditions[i];
      if (old === undefined) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        conditions[i] = {
          ...old,
          status: next.status,
          reason: next.reason,
          message: next.message,
          lastTransitionTime: old.status !== next.status ? next.lastTransitionTime : old.lastTransitionTime,
        };
        changed = true;
      }
    }
    return changed;
  }
}
