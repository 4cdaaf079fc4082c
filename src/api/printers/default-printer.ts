import type { KubeObject } from '../object.js';
import { column, nameColumn, nameOf } from './columns.js';
import { parseTimestamp } from './duration.js';
import { fieldDocs } from './field-docs.js';
import type { PrintedRow, TablePrinter } from './types.js';

/** creationTimestamp as Go's RFC 3339 format in UTC with whole seconds; the zero time when absent. */
export function createdAt(obj: KubeObject): string {
  const ms = parseTimestamp(obj.metadata?.creationTimestamp);
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The apiserver's default table convertor, used for kinds without a printer of their own
 * (LimitRange, Role, ClusterRole, CustomResourceDefinition, ...): Name and "Created At", a date
 * column whose cell is the RFC 3339 timestamp itself.
 */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn, column('Created At', 'date', fieldDocs['meta/v1.ObjectMeta.creationTimestamp'])],
  row(obj: KubeObject): PrintedRow {
    return { cells: [nameOf(obj), createdAt(obj)] };
  },
};
