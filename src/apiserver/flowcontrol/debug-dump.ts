import type { PriorityLevel } from './priority-level.js';

const headers = [
  'PriorityLevelName',
  'ActiveQueues',
  'IsIdle',
  'IsQuiescing',
  'WaitingRequests',
  'ExecutingRequests',
  'DispatchedRequests',
  'RejectedRequests',
  'TimedoutRequests',
  'CancelledRequests',
];

/**
 * /debug/api_priority_and_fairness/dump_priority_levels: one line per priority level (by name) with
 * its queues' state and totals, laid out as upstream's (cells joined by ",\t" through Go's
 * tabwriter with minimum width 8 and padding 1).
 */
export function dumpPriorityLevels(levels: readonly PriorityLevel[]): string {
  const rows = [headers];
  for (const level of [...levels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const q = level.queues;
    rows.push([
      level.name,
      String(q.activeQueueCount),
      String(q.idle),
      String(level.quiescing),
      String(q.waitingCount),
      String(q.executingCount),
      String(q.totals.dispatched),
      String(q.totals.rejected),
      String(q.totals.timedOut),
      String(q.totals.cancelled),
    ]);
  }
  return tabAligned(rows.map((cells) => cells.map((c, i) => (i < cells.length - 1 ? `${c},` : c))));
}

/**
 * Go's tabwriter (minwidth 8, padding 1, spaces) over rows of cells: every cell but a line's last
 * is padded to its column's width, the widest cell plus one and at least 8.
 */
export function tabAligned(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const cells of rows)
    cells.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 8, c.length + 1)));
  return rows
    .map((cells) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('') + '\n')
    .join('');
}
