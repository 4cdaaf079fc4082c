// The body of an application/apply-patch+yaml request, read as upstream's apply patcher reads it
// (k8s.io/apimachinery util/yaml.Unmarshal into a map): YAML 1.1 as go-yaml v2 resolves it, JSON
// being YAML too. Like go-yaml v2's Unmarshal, only the first document of a stream is read.
import { parseAllDocuments, type Tags } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../errors/status-error-factories.js';
import type { StatusError } from '../errors/status-error.js';
import { isMap } from './json-value.js';

// go-yaml v2 leaves timestamps as strings when decoding into interface{}, and knows no base-60
// numbers, sets, ordered maps or binary; everything else of YAML 1.1 (yes/no/on/off, 0777) applies.
const goYamlLacks = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

const yamlOptions = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: false,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => !(typeof t === 'object' && (goYamlLacks.has(t.tag) || t.format === 'TIME'))),
};

function decodeError(message: string): StatusError {
  return badRequest(`error decoding YAML: ${message}`);
}

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

function parseYaml(text: string): unknown {
  const docs = parseAllDocuments(text, yamlOptions);
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (first === undefined) return null;
  const err = first.errors[0];
  if (err !== undefined) {
    const line = err.linePos?.[0].line;
    const what = err.message.split('\n')[0] ?? err.message;
    throw decodeError(
      `error converting YAML to JSON: yaml: ${line === undefined ? '' : `line ${line}: `}${what}`,
    );
  }
  return first.toJS({ maxAliasCount: 100 }) as unknown;
}

/**
 * The applied object of an apply request body (JSON or YAML). An empty or null document gives {}
 * (the apply then fails its apiVersion/kind check, as upstream's does); anything but a mapping is
 * a 400 with upstream's message.
 */
export function parseApplyBody(body: Uint8Array | string): KubeObject {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    value = parseYaml(text);
  }
  if (value === null || value === undefined) return {};
  if (!isMap(value))
    throw decodeError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goTypeName(value)} into Go value of type map[string]interface {}`,
    );
  return value as KubeObject;
}
