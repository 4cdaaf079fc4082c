import { goQuantityValue } from './go-quantity.js';
import { goNamedTypes, goStructTypes } from './go-pod-template-types.js';

/** A value as Go's reflection sees it after decoding: what spew walks when it prints. */
export type GoValue =
  | { readonly kind: 'basic'; readonly type: string; readonly text: string }
  | { readonly kind: 'ptr'; readonly type: string; readonly elem: GoValue | undefined }
  | { readonly kind: 'slice'; readonly type: string; readonly items: readonly GoValue[] | undefined }
  | {
      readonly kind: 'map';
      readonly type: string;
      readonly entries: readonly (readonly [string, GoValue])[] | undefined;
    }
  | {
      readonly kind: 'struct';
      readonly type: string;
      readonly fields: readonly (readonly [string, GoValue])[];
    };

interface FieldSpec {
  readonly name: string;
  readonly json: string;
  readonly type: string;
}

const structCache = new Map<string, readonly FieldSpec[]>();

function structFields(key: string): readonly FieldSpec[] | undefined {
  let fields = structCache.get(key);
  if (fields !== undefined) return fields;
  const spec = goStructTypes[key];
  if (spec === undefined) return undefined;
  fields = spec.split(' ').map((entry) => {
    const [name = '', json = '', ...type] = entry.split(':');
    // Map types contain no colon, so everything after the second colon is the type.
    return { name, json, type: type.join(':') };
  });
  structCache.set(key, fields);
  return fields;
}

/** reflect.Type.String() of a type key: package qualifiers as Go prints them ("core.PodSpec" → "v1.PodSpec"). */
export function goTypeString(key: string): string {
  if (key.startsWith('*')) return `*${goTypeString(key.slice(1))}`;
  if (key.startsWith('[]')) return `[]${goTypeString(key.slice(2))}`;
  const map = /^map\[([^\]]+)\](.+)$/.exec(key);
  if (map) return `map[${goTypeString(map[1]!)}]${goTypeString(map[2]!)}`;
  if (key.startsWith('core.') || key.startsWith('meta.')) return `v1.${key.slice(5)}`;
  return key;
}

const basics = new Set(['string', 'bool', 'int32', 'int64', 'int', 'uint8', 'uint32', 'uint64', 'float64']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function basicText(underlying: string, json: unknown): string {
  if (underlying === 'string') return typeof json === 'string' ? json : '';
  if (underlying === 'bool') return json === true ? 'true' : 'false';
  if (typeof json === 'number' && Number.isFinite(json)) return String(Math.trunc(json));
  return '0';
}

/**
 * Decodes `json` into the Go value of type `key` as kube-controller-manager holds it: it reads objects
 * over protobuf, so empty lists and maps arrive as nil, absent pointers as nil and present ones (even
 * to zero values) as non-nil.
 */
export function goValueOf(key: string, json: unknown): GoValue {
  const type = goTypeString(key);
  if (key.startsWith('*')) {
    return {
      kind: 'ptr',
      type,
      elem: json === undefined || json === null ? undefined : goValueOf(key.slice(1), json),
    };
  }
  if (key.startsWith('[]')) {
    const items = Array.isArray(json) && json.length > 0 ? json : undefined;
    return { kind: 'slice', type, items: items?.map((item) => goValueOf(key.slice(2), item)) };
  }
  const map = /^map\[([^\]]+)\](.+)$/.exec(key);
  if (map) return goMap(type, map[2]!, json);
  if (basics.has(key)) return { kind: 'basic', type, text: basicText(key, json) };
  if (key === 'types.UID') return { kind: 'basic', type, text: basicText('string', json) };
  if (key === 'resource.Quantity') return goQuantityValue(json);
  if (key === 'intstr.IntOrString') return goIntOrString(json);
  if (key === 'meta.Time') return goZeroTime();
  const named = goNamedTypes[key];
  if (named !== undefined) {
    const inner = goValueOf(named, json);
    // A named type prints its own name but keeps the shape of what it is built on.
    return { ...inner, type };
  }
  const fields = structFields(key);
  if (fields === undefined) throw new Error(`goValueOf: no Go layout for ${key}`);
  const object = isPlainObject(json) ? json : {};
  return {
    kind: 'struct',
    type,
    fields: fields.map((f) => {
      const source = f.json === '' ? object : f.json === '-' ? undefined : object[f.json];
      return [f.name, goValueOf(f.type, source)] as const;
    }),
  };
}

function goMap(type: string, valueKey: string, json: unknown): GoValue {
  if (!isPlainObject(json) || Object.keys(json).length === 0)
    return { kind: 'map', type, entries: undefined };
  return {
    kind: 'map',
    type,
    entries: Object.entries(json).map(([k, v]) => [k, goValueOf(valueKey, v)] as const),
  };
}

function goIntOrString(json: unknown): GoValue {
  const isString = typeof json === 'string';
  return {
    kind: 'struct',
    type: 'intstr.IntOrString',
    fields: [
      ['Type', { kind: 'basic', type: 'intstr.Type', text: isString ? '1' : '0' }],
      ['IntVal', { kind: 'basic', type: 'int32', text: isString ? '0' : basicText('int32', json) }],
      ['StrVal', { kind: 'basic', type: 'string', text: isString ? json : '' }],
    ],
  };
}

/**
 * metav1.Time inside a pod template. Templates never carry timestamps (creationTimestamp is null), so
 * only the zero time.Time is modelled: wall and ext 0, no location.
 */
function goZeroTime(): GoValue {
  return {
    kind: 'struct',
    type: 'v1.Time',
    fields: [
      [
        'Time',
        {
          kind: 'struct',
          type: 'time.Time',
          fields: [
            ['wall', { kind: 'basic', type: 'uint64', text: '0' }],
            ['ext', { kind: 'basic', type: 'int64', text: '0' }],
            ['loc', { kind: 'ptr', type: '*time.Location', elem: undefined }],
          ],
        },
      ],
    ],
  };
}
