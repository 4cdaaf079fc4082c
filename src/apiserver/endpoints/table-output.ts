import type { KubeObject } from '../../api/object.js';
import type { TablePrinter } from '../../api/printers/types.js';
import { badRequest } from '../../machinery/errors/index.js';

/** What each table row carries as its object (the includeObject query parameter). */
export type IncludeObject = 'Metadata' | 'Object' | 'None';

/** Parses includeObject; anything but the three upstream values is a 400. */
export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'Object' || value === 'None') return value;
  throw badRequest(
    `includeObject: unsupported value "${value}": supported values: "None", "Metadata", "Object"`,
  );
}

/** The metav1.PartialObjectMetadata of an object (what kubectl reads namespaces and labels from). */
export function partialObjectMetadata(object: KubeObject, version: string): Record<string, unknown> {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: object.metadata ?? {},
  };
}

/** The rows of a Table for `objects`, in the printer's order. */
export function tableRows(
  printer: TablePrinter,
  objects: readonly KubeObject[],
  include: IncludeObject,
  version: string,
  now: Date,
): Record<string, unknown>[] {
  return (printer.order?.(objects) ?? objects).map((o) => {
    const printed = printer.row(o, now);
    const row: Record<string, unknown> = { cells: printed.cells };
    if (printed.conditions && printed.conditions.length > 0) row['conditions'] = printed.conditions;
    row['object'] = include === 'None' ? null : include === 'Object' ? o : partialObjectMetadata(o, version);
    return row;
  });
}

/** A metav1 Table (with column definitions unless `columns` is false, as for later watch events). */
export function table(
  printer: TablePrinter,
  objects: readonly KubeObject[],
  options: {
    include: IncludeObject;
    version: string;
    now: Date;
    listMeta: Record<string, unknown>;
    columns: boolean;
  },
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta,
    columnDefinitions: options.columns ? printer.columns : [],
    rows: tableRows(printer, objects, options.include, options.version, options.now),
  };
}
