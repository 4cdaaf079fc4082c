// The compact table format the per-group files in ./tables use, and its parser.
//
// A message is a whitespace-separated list of fields `number:jsonName[:type][suffix]`:
//   type     string when omitted; a scalar (bool int32 int64 uint32 uint64 double float bytes); a
//            well-known type (time microtime duration quantity intstr raw); or a message, local to
//            the package ("PodSpec") or qualified by its package id ("metav1.ObjectMeta").
//   []       repeated;  {}  map<string, type>;
//   !        a scalar whose zero value is kept when present: Go pointers and fields without
//            `omitempty` (upstream's JSON prints them even when zero, e.g. replicas: 0);
//   ^        an embedded struct whose fields JSON inlines into the parent (Volume.volumeSource).
// A leading token `as:a|b` renders the whole message as the first present of those fields: the
// Go types with their own JSON form (ExtraValue is a bare string list, JSONSchemaPropsOrBool a
// schema or a bool).

/** One package of message tables: a Kubernetes group version (or meta/v1). */
export interface MessagePackage {
  /** The id other packages qualify references with, e.g. "corev1" in "corev1.PodSpec". */
  readonly id: string;
  /** The apiVersion its kinds carry in a request envelope. */
  readonly apiVersion: string;
  /** The kinds a request body may carry, each the name of a message below. */
  readonly kinds: readonly string[];
  /** Message name → field list in the format above. */
  readonly messages: Readonly<Record<string, string>>;
}

/** Scalar field types, by their protobuf names. */
export type ScalarType =
  'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes';

/** Kubernetes types with a custom JSON form (see well-known.ts). */
export type WellKnownType = 'time' | 'microtime' | 'duration' | 'quantity' | 'intstr' | 'raw';

/** How a field's value is decoded: a scalar, a well-known type or a (qualified) message name. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly name: ScalarType }
  | { readonly kind: 'wellKnown'; readonly name: WellKnownType }
  | { readonly kind: 'message'; readonly name: string };

/** One parsed field. */
export interface FieldSpec {
  readonly number: number;
  readonly json: string;
  readonly type: FieldType;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly keepZero: boolean;
  readonly inline: boolean;
}

/** One parsed message: its fields in JSON order, indexed by field number. */
export interface MessageSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  readonly byNumber: ReadonlyMap<number, FieldSpec>;
  /** Set for `as:` messages: the JSON names to pick the rendered value from, in priority order. */
  readonly renderAs?: readonly string[];
}

const scalars: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'double',
  'float',
  'bytes',
]);
const wellKnown: ReadonlySet<string> = new Set<WellKnownType>([
  'time',
  'microtime',
  'duration',
  'quantity',
  'intstr',
  'raw',
]);

// JSON names may hold "$" and "-" (JSONSchemaProps' $ref, x-kubernetes-*).
const fieldToken = /^(\d+):([\w$-]+)(?::([\w.]+))?(\[\]|\{\})?(!)?(\^)?$/;

function fieldType(packageId: string, name: string | undefined): FieldType {
  if (name === undefined) return { kind: 'scalar', name: 'string' };
  if (scalars.has(name)) return { kind: 'scalar', name: name as ScalarType };
  if (wellKnown.has(name)) return { kind: 'wellKnown', name: name as WellKnownType };
  return { kind: 'message', name: name.includes('.') ? name : `${packageId}.${name}` };
}

/** Parses one message's table; throws on a malformed table (a programming error, not input). */
export function parseMessageSpec(packageId: string, name: string, table: string): MessageSpec {
  const fields: FieldSpec[] = [];
  let renderAs: string[] | undefined;
  for (const token of table.split(/\s+/)) {
    if (token === '') continue;
    if (token.startsWith('as:')) {
      renderAs = token.slice(3).split('|');
      continue;
    }
    const m = fieldToken.exec(token);
    if (m === null) throw new Error(`protobuf table ${packageId}.${name}: bad field "${token}"`);
    fields.push({
      number: Number(m[1]),
      json: m[2]!,
      type: fieldType(packageId, m[3]),
      repeated: m[4] === '[]',
      map: m[4] === '{}',
      keepZero: m[5] === '!',
      inline: m[6] === '^',
    });
  }
  const byNumber = new Map(fields.map((f) => [f.number, f]));
  if (byNumber.size !== fields.length)
    throw new Error(`protobuf table ${packageId}.${name}: duplicate field`);
  return renderAs === undefined ? { name, fields, byNumber } : { name, fields, byNumber, renderAs };
}
