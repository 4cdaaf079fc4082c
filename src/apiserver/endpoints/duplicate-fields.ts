import type { SchemaNode } from '../../api/openapi/index.js';

// JSON.parse keeps the last of two equal keys and says nothing. Upstream's strict decoder reports
// `duplicate field "metadata.name"` for them (an error under fieldValidation=Strict, a warning
// under Warn), so a body is scanned once more, keeping every key occurrence in document order.

/** A JSON value with every key occurrence of its objects kept, in order. */
type Tree =
  | { readonly kind: 'object'; readonly entries: readonly Entry[] }
  | { readonly kind: 'array'; readonly items: readonly Tree[] }
  | { readonly kind: 'scalar' };
interface Entry {
  readonly key: string;
  /** Where the key starts in the text: document order of strict errors. */
  readonly offset: number;
  readonly value: Tree;
}

const maxDepth = 10_000;

/** Parses JSON text into a Tree; undefined when it is not one well-formed JSON value (JSON.parse reports that). */
function parseTree(text: string): Tree | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (depth: number): Tree => {
    if (depth > maxDepth) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Entry[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const offset = i;
        const key = string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        entries.push({ key, offset, value: value(depth + 1) });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { kind: 'object', entries };
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const items: Tree[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { kind: 'array', items };
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return { kind: 'scalar' };
    }
    const start = i;
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    if (i === start) fail();
    return { kind: 'scalar' };
  };
  try {
    const tree = value(0);
    ws();
    return i === text.length ? tree : undefined;
  } catch {
    return undefined;
  }
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** One strict-decoding finding of the scan: a field path and where it is in the body. */
export interface FieldOccurrence {
  readonly path: string;
  readonly offset: number;
}

/** What scanning a body found: duplicate fields, and the first offset of every field path. */
export interface BodyFields {
  readonly duplicates: readonly FieldOccurrence[];
  /** First offset of each path, so that other strict errors can be put in document order. */
  readonly offsets: ReadonlyMap<string, number>;
}

/**
 * The duplicate fields of an object body (create/update) as upstream's typed strict decoder reports
 * them: struct fields the schema declares and map keys, each once; fields unknown to the schema and
 * free-form values (no schema: everything) are not looked into. Empty for text that is not JSON.
 */
export function scanObjectBody(text: string, node: SchemaNode | undefined): BodyFields {
  const duplicates: FieldOccurrence[] = [];
  const offsets = new Map<string, number>();
  const seenErrors = new Set<string>();
  const walk = (tree: Tree, schema: SchemaNode | undefined, path: string): void => {
    if (tree.kind === 'array') {
      const items = schema === undefined ? undefined : schema.shape === 'array' ? schema.items() : undefined;
      if (schema !== undefined && items === undefined) return;
      tree.items.forEach((item, index) => walk(item, items, `${path}[${index}]`));
      return;
    }
    if (tree.kind !== 'object') return;
    if (schema !== undefined && schema.shape !== 'object' && schema.shape !== 'map') return;
    const seen = new Set<string>();
    for (const { key, offset, value } of tree.entries) {
      const child = schema?.property(key);
      const childPath = join(path, key);
      if (!offsets.has(childPath)) offsets.set(childPath, offset);
      if (schema !== undefined && child === undefined) continue; // unknown: reported as such
      if (seen.has(key)) {
        if (!seenErrors.has(childPath)) duplicates.push({ path: childPath, offset });
        seenErrors.add(childPath);
      } else seen.add(key);
      if (schema === undefined || child?.shape !== 'any') walk(value, child, childPath);
    }
  };
  const tree = parseTree(text);
  if (tree !== undefined) walk(tree, node, '');
  return { duplicates, offsets };
}

/**
 * The duplicate fields of a merge or strategic merge patch body, decoded (as upstream does) into a
 * free-form map: every repeated key at any depth, in document order, each once.
 */
export function duplicatePatchFields(text: string): string[] {
  return scanObjectBody(text, undefined).duplicates.map((d) => d.path);
}
