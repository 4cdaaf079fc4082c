import type { KubeObject, ObjectMeta } from '../object.js';
import { translateTimestampSince } from './duration.js';
import { fieldDocs } from './field-docs.js';
import type { Cell, ColumnDefinition, ColumnType, PrintedRow, TablePrinter } from './types.js';

/** A column definition; `wide` marks the priority-1 columns kubectl shows only with -o wide. */
export function column(
  name: string,
  type: ColumnType,
  description: string,
  options: { wide?: boolean; format?: string } = {},
): ColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

/** The Name column (format "name") shared by the built-in printers. */
export const nameColumn = column('Name', 'string', fieldDocs['meta/v1.ObjectMeta.name'], { format: 'name' });

/** The Age column: a humanised string, not a date, in upstream's built-in printers. */
export const ageColumn = column('Age', 'string', fieldDocs['meta/v1.ObjectMeta.creationTimestamp']);

/** The wide Containers column of workload printers. */
export const containersColumn = column('Containers', 'string', 'Names of each container in the template.', {
  wide: true,
});

/** The wide Images column of workload printers. */
export const imagesColumn = column(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  {
    wide: true,
  },
);

/** metadata.name, or "" when absent. */
export function nameOf(obj: { readonly metadata?: ObjectMeta }): string {
  return obj.metadata?.name ?? '';
}

/** The Age cell of an object at `now`. */
export function ageOf(obj: { readonly metadata?: ObjectMeta }, now: Date): string {
  return translateTimestampSince(obj.metadata?.creationTimestamp, now);
}

/**
 * Reads a validated API object through its kubernetes-types shape. Objects reach a printer after
 * decoding and validation, so the shape holds; every field is still optional and read defensively.
 */
export function typed<T>(obj: KubeObject): T {
  return obj as unknown as T;
}

/**
 * Builds a printer from its columns and a function producing the cells of one object; `view`
 * narrows the stored object to the shape the cells read (by default a plain type assertion).
 */
export function printer<T>(
  columns: readonly ColumnDefinition[],
  cells: (obj: T, now: Date) => Cell[],
  view: (obj: KubeObject) => T = typed<T>,
): TablePrinter {
  return {
    columns,
    row(obj: KubeObject, now: Date): PrintedRow {
      return { cells: cells(view(obj), now) };
    },
  };
}
