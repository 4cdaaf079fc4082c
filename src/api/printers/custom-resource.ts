import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { KubeObject } from '../object.js';
import { nameColumn, nameOf } from './columns.js';
import { humanDuration, isRfc3339, parseTimestamp } from './duration.js';
import { fieldDocs } from './field-docs.js';
import { parseJsonPath, type JsonPath } from './jsonpath.js';
import type { Cell, ColumnDefinition, ColumnType, PrintedRow, TablePrinter } from './types.js';

// What a CRD version without additionalPrinterColumns is served with.
const defaultColumns: readonly CustomResourceColumnDefinition[] = [
  {
    name: 'Age',
    type: 'date',
    description: fieldDocs['meta/v1.ObjectMeta.creationTimestamp'],
    jsonPath: '.metadata.creationTimestamp',
  },
];

/**
 * The table printer for instances of one CRD version, given that version's
 * additionalPrinterColumns: Name, then each column (just Age, from creationTimestamp, when there
 * are none). As upstream, a column whose JSONPath does not parse ends the list there.
 */
export function customResourcePrinter(columns?: readonly CustomResourceColumnDefinition[]): TablePrinter {
  const defs: ColumnDefinition[] = [nameColumn];
  const paths: JsonPath[] = [];
  for (const col of columns && columns.length > 0 ? columns : defaultColumns) {
    try {
      paths.push(parseJsonPath(col.jsonPath));
    } catch {
      break;
    }
    defs.push({
      name: col.name,
      type: col.type as ColumnType, // validated against the five table types when the CRD was written
      format: col.format ?? '',
      description:
        col.description || `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
      priority: col.priority ?? 0,
    });
  }
  return {
    columns: defs,
    row(obj: KubeObject, now: Date): PrintedRow {
      const cells: Cell[] = [nameOf(obj)];
      paths.forEach((path, i) =>
        cells.push(columnCell(path, (defs[i + 1] as ColumnDefinition).type, obj, now)),
      );
      return { cells };
    },
  };
}

function columnCell(path: JsonPath, type: ColumnType, obj: KubeObject, now: Date): Cell {
  let results: unknown[];
  try {
    results = path.find(obj);
  } catch {
    return null;
  }
  // Printer columns are simple paths: the first match is the value.
  if (results.length === 0) return null;
  const value = results[0];
  return type === 'string' ? printedValue(value) : typedCell(type, value, now);
}

function typedCell(type: ColumnType, value: unknown, now: Date): Cell {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>';
      if (!isRfc3339(value)) return '<invalid>';
      const ms = parseTimestamp(value);
      return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
    }
    default:
      return null;
  }
}

/** A JSON value as client-go's JSONPath prints it into a string column. */
export function printedValue(value: unknown): string {
  if (value === null || value === undefined) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goJson(value);
}

/**
 * A decoded JSON number as Go's fmt prints it: whole numbers decode to int64 and print plainly;
 * others are float64, printed with %v, i.e. exponent form outside 1e-4 <= |x| < 1e6 ("1.5e+06").
 */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

// Go's json.Marshal of a decoded value: object keys sorted, and <, >, & escaped for HTML safety.
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
