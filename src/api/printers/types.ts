import type { KubeObject } from '../object.js';

/** The cell types a metav1 TableColumnDefinition may declare. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

/** One metav1 TableColumnDefinition, exactly as it goes on the wire. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** "name" marks the object-name column (kubectl prefixes kind/ there); otherwise usually "". */
  readonly format: string;
  readonly description: string;
  /** 0 is always shown; 1 and above only with `-o wide`. */
  readonly priority: number;
}

/** A table cell: upstream emits strings, int64s, booleans and, for missing CRD values, null. */
export type Cell = string | number | boolean | null;

/** A metav1 TableRowCondition; upstream only ever reports "Completed". */
export interface RowCondition {
  readonly type: 'Completed';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/** The printed part of one metav1 TableRow; the apiserver adds the row's object. */
export interface PrintedRow {
  readonly cells: Cell[];
  readonly conditions?: readonly RowCondition[];
}

/**
 * A server-side table printer for one kind. Rows always carry every column, wide ones included
 * (upstream prints with Wide: true and lets kubectl drop priority > 0 columns), so
 * `row().cells.length === columns.length`.
 */
export interface TablePrinter {
  readonly columns: readonly ColumnDefinition[];
  row(obj: KubeObject, now: Date): PrintedRow;
  /** The objects of a list in the order their rows appear, for kinds whose upstream list printer sorts. */
  order?(objects: readonly KubeObject[]): readonly KubeObject[];
}
