/**
 * Reading what kubectl prints: aligned tables (columns start where their header starts, as
 * kubectl's tabwriter lays them out), line lists, and streams of concatenated JSON documents.
 */

/** One printed table: column names as printed, rows as cells and as records by column name. */
export interface PrintedTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  readonly records: ReadonlyArray<Readonly<Record<string, string>>>;
}

/** Splits a table kubectl printed; header names may hold single spaces ("NOMINATED NODE"). */
export function parseTable(text: string): PrintedTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined) return { columns: [], rows: [], records: [] };
  const columns: string[] = [];
  const starts: number[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
    columns.push(m[0]);
    starts.push(m.index);
  }
  const rows = lines.slice(1).map((line) =>
    starts.map((start, i) => {
      const end = starts[i + 1];
      return (end === undefined ? line.slice(start) : line.slice(start, end)).trim();
    }),
  );
  const records = rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  return { columns, rows, records };
}

/** Several tables separated by blank lines (`kubectl get -f` over several kinds). */
export function parseTables(text: string): PrintedTable[] {
  return text
    .split(/\n\s*\n/)
    .filter((block) => block.trim() !== '')
    .map(parseTable);
}

/** Non-empty lines, right-trimmed. */
export function outputLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/** Parses concatenated JSON documents (pretty-printed or one per line), as `get -w -o json` prints them. */
export function parseJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return values;
}
