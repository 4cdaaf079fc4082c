import type { DeleteResult, KeyValue, WatchEvent, WriteResult } from '../backend.js';
import type { LatestRow, LogQueries, LogRow } from './queries.js';
import { emptyValue, rowEvent } from './queries.js';

/** One guarded write waiting for its group commit. */
export type WriteOp =
  | { readonly kind: 'create'; readonly key: string; readonly value: Uint8Array }
  | { readonly kind: 'update'; readonly key: string; readonly value: Uint8Array; readonly expected: number }
  | { readonly kind: 'delete'; readonly key: string; readonly expected?: number };

/** The result of one WriteOp: a WriteResult for create/update, a DeleteResult for delete. */
export type WriteOpResult = WriteResult | DeleteResult;

/** What one group did: a result per op, the events to publish, and the new current revision. */
export interface AppliedGroup {
  readonly results: WriteOpResult[];
  readonly events: WatchEvent[];
  readonly revision: number;
}

/**
 * Evaluates each op's compare-and-swap against the log in arrival order and appends a row for every
 * op that succeeds, numbering rows from `revision + 1`. Must run inside the group's transaction: the
 * lookups then see the rows earlier ops of the same group appended, and a failed commit undoes them all.
 */
export function applyWrites(queries: LogQueries, ops: readonly WriteOp[], revision: number): AppliedGroup {
  const results: WriteOpResult[] = [];
  const events: WatchEvent[] = [];
  let rev = revision;
  for (const op of ops) {
    const latest = queries.latest(op.key);
    const live = latest !== undefined && !latest.deleted ? latest : undefined;
    const current = live === undefined ? undefined : toKv(op.key, live);
    let row: LogRow | undefined;
    switch (op.kind) {
      case 'create':
        if (live !== undefined) break;
        row = {
          id: rev + 1,
          name: op.key,
          created: true,
          deleted: false,
          createRevision: rev + 1,
          // A create after a delete chains to the tombstone, so every key's rows form one chain.
          prevRevision: latest?.id ?? 0,
          value: op.value,
          oldValue: null,
        };
        break;
      case 'update':
        if (live === undefined || live.id !== op.expected) break;
        row = {
          id: rev + 1,
          name: op.key,
          created: false,
          deleted: false,
          createRevision: live.createRevision,
          prevRevision: live.id,
          value: op.value,
          oldValue: live.value,
        };
        break;
      case 'delete':
        if (live === undefined || (op.expected !== undefined && live.id !== op.expected)) break;
        row = {
          id: rev + 1,
          name: op.key,
          created: false,
          deleted: true,
          createRevision: live.createRevision,
          prevRevision: live.id,
          value: emptyValue,
          oldValue: live.value,
        };
        break;
    }
    if (row === undefined) {
      results.push(current === undefined ? { succeeded: false } : { succeeded: false, current });
      continue;
    }
    queries.insert(row);
    rev = row.id;
    const event = rowEvent(row);
    events.push(event);
    if (op.kind === 'delete') {
      results.push({ succeeded: true, revision: rev, prevKv: current! });
    } else {
      results.push(
        current === undefined
          ? { succeeded: true, kv: event.kv }
          : { succeeded: true, kv: event.kv, prevKv: current },
      );
    }
  }
  return { results, events, revision: rev };
}

function toKv(key: string, row: LatestRow): KeyValue {
  return { key, value: row.value, createRevision: row.createRevision, modRevision: row.id };
}
