// The generic table-driven decoder: protobuf message bytes → the JSON upstream's encoding/json
// would print for the Go struct gogo unmarshals them into. Hence: absent fields stay absent; a
// present zero scalar is dropped unless the table marks it kept (a Go pointer or a field without
// omitempty); present messages print even when empty ("strategy": {}), except a zero Time (null,
// which we omit); map keys print sorted; fields print in struct order, not wire order.
import { kindMessage, messageSpec } from './registry.js';
import type { FieldSpec, MessageSpec, ScalarType } from './schema.js';
import { ProtobufDecodeError } from './protobuf-error.js';
import { hasKubernetesProtobufMagic, kubernetesProtobufMagic, readUnknown } from './unknown.js';
import { WireReader, WireType } from './wire-reader.js';
import {
  decodeDuration,
  decodeIntOrString,
  decodeMicroTime,
  decodeQuantity,
  decodeTime,
} from './well-known.js';

/** A decoded top-level object: its envelope's apiVersion and kind, and its JSON form. */
export interface DecodedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
}

const utf8 = new TextDecoder();

// gogo names the Go field in wire-type errors; the JSON name capitalised is that name, nearly.
function goName(f: FieldSpec): string {
  return f.json.charAt(0).toUpperCase() + f.json.slice(1);
}

function expectWire(f: FieldSpec, wire: number, want: number): void {
  if (wire !== want) throw new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field ${goName(f)}`);
}

const wireOfScalar: Readonly<Record<ScalarType, number>> = {
  string: WireType.bytes,
  bytes: WireType.bytes,
  bool: WireType.varint,
  int32: WireType.varint,
  int64: WireType.varint,
  uint32: WireType.varint,
  uint64: WireType.varint,
  double: WireType.fixed64,
  float: WireType.fixed32,
};

function scalar(name: ScalarType, r: WireReader): string | number | boolean {
  switch (name) {
    case 'string':
      return utf8.decode(r.bytes());
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varint()));
    case 'uint64':
      return Number(r.varint());
    case 'double':
      return r.fixed64Double();
    case 'float':
      return r.fixed32Float();
  }
}

// One value of field f; undefined where upstream's JSON would print null.
function value(f: FieldSpec, wire: number, r: WireReader): unknown {
  const t = f.type;
  if (t.kind === 'scalar') {
    expectWire(f, wire, wireOfScalar[t.name]);
    return scalar(t.name, r);
  }
  expectWire(f, wire, WireType.bytes);
  const bytes = r.bytes();
  if (t.kind === 'message') return decodeMessage(messageSpec(t.name), bytes);
  switch (t.name) {
    case 'time':
      return decodeTime(bytes);
    case 'microtime':
      return decodeMicroTime(bytes);
    case 'duration':
      return decodeDuration(bytes);
    case 'quantity':
      return decodeQuantity(bytes);
    case 'intstr':
      return decodeIntOrString(bytes);
    case 'raw':
      return decodeRaw(bytes);
  }
}

// A repeated numeric field may arrive packed (one length-delimited run) from non-Go encoders;
// returns the element type when this value is such a run.
function packedElement(f: FieldSpec, wire: number): ScalarType | undefined {
  const t = f.type;
  if (wire !== WireType.bytes || t.kind !== 'scalar' || t.name === 'string' || t.name === 'bytes')
    return undefined;
  return t.name;
}

// A map entry is a message {1 key, 2 value}; a missing part is its type's zero value.
function mapEntry(f: FieldSpec, bytes: Uint8Array): [string, unknown] {
  const r = new WireReader(bytes);
  let key = '';
  let entry: unknown;
  let seen = false;
  while (!r.done()) {
    const { field, wire } = r.key(`${goName(f)}Entry`);
    if (field === 1) {
      if (wire !== WireType.bytes)
        throw new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field key`);
      key = utf8.decode(r.bytes());
    } else if (field === 2) {
      entry = value(f, wire, r);
      seen = true;
    } else r.skip(wire);
  }
  if (!seen) entry = zeroEntry(f);
  return [key, entry ?? null];
}

function zeroEntry(f: FieldSpec): unknown {
  const t = f.type;
  if (t.kind === 'message') return decodeMessage(messageSpec(t.name), new Uint8Array(0));
  if (t.kind === 'wellKnown') return t.name === 'quantity' ? '0' : null;
  if (t.name === 'string' || t.name === 'bytes') return '';
  return t.name === 'bool' ? false : 0;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/**
 * Decodes one message by its table. The result is a plain object, except for `as:` messages,
 * which render as one of their fields (a list, a bool, a nested schema).
 */
export function decodeMessage(spec: MessageSpec, bytes: Uint8Array): unknown {
  const values = new Map<FieldSpec, unknown>();
  const r = new WireReader(bytes);
  while (!r.done()) {
    const { field, wire } = r.key(spec.name);
    const f = spec.byNumber.get(field);
    if (f === undefined) {
      // Unknown fields are skipped, as gogo's generated Unmarshal does.
      r.skip(wire);
    } else if (f.map) {
      expectWire(f, wire, WireType.bytes);
      const [k, v] = mapEntry(f, r.bytes());
      const m = (values.get(f) as Map<string, unknown> | undefined) ?? new Map<string, unknown>();
      m.set(k, v);
      values.set(f, m);
    } else if (f.repeated) {
      const list = (values.get(f) as unknown[] | undefined) ?? [];
      const element = packedElement(f, wire);
      if (element !== undefined) {
        const run = new WireReader(r.bytes());
        while (!run.done()) list.push(value(f, wireOfScalar[element], run));
      } else list.push(value(f, wire, r) ?? null);
      values.set(f, list);
    } else {
      values.set(f, value(f, wire, r));
    }
  }
  return spec.renderAs === undefined ? render(spec, values) : renderAs(spec, spec.renderAs, values);
}

function render(spec: MessageSpec, values: ReadonlyMap<FieldSpec, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    let v = values.get(f);
    if (v === undefined) continue;
    if (!f.repeated && !f.map && !f.keepZero && f.type.kind === 'scalar' && isZero(v)) continue;
    if (f.map) v = sortedObject(v as Map<string, unknown>);
    if (f.inline && typeof v === 'object' && v !== null && !Array.isArray(v)) Object.assign(out, v);
    else out[f.json] = v;
  }
  return out;
}

function renderAs(
  spec: MessageSpec,
  names: readonly string[],
  values: ReadonlyMap<FieldSpec, unknown>,
): unknown {
  const candidates = names.map((n) => spec.fields.find((f) => f.json === n));
  for (const f of candidates) {
    const v = f === undefined ? undefined : values.get(f);
    if (v !== undefined) return v;
  }
  // Nothing present: an empty list renders as [] (Go's would be null); anything else is absent.
  return candidates.some((f) => f?.repeated === true) ? [] : undefined;
}

// encoding/json prints map keys sorted. fromEntries defines own properties, so a key such as
// "__proto__" (a valid ConfigMap key) stays data instead of replacing the prototype.
function sortedObject(m: ReadonlyMap<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * RawExtension / FieldsV1 / apiextensions JSON: {1 raw bytes}. Clients put JSON there; a nested
 * protobuf object (magic first) is decoded to its JSON too. Empty raw is JSON null (omitted).
 */
function decodeRaw(bytes: Uint8Array): unknown {
  const r = new WireReader(bytes);
  let raw: Uint8Array | undefined;
  while (!r.done()) {
    const { field, wire } = r.key('RawExtension');
    if (field === 1 && wire === WireType.bytes) raw = r.bytes();
    else r.skip(wire);
  }
  if (raw === undefined || raw.length === 0) return undefined;
  if (hasKubernetesProtobufMagic(raw)) return decodeEnvelope(raw).object;
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch (err) {
    throw new ProtobufDecodeError(`embedded object is neither JSON nor protobuf: ${(err as Error).message}`);
  }
}

// The runtime scheme name upstream's kube-apiserver quotes in "not registered" errors.
const schemeName = 'pkg/api/legacyscheme/scheme.go:30';

/** Decodes a whole body: magic, runtime.Unknown envelope, then the object by its kind's table. */
export function decodeEnvelope(body: Uint8Array): DecodedObject {
  const magic = kubernetesProtobufMagic.length;
  if (body.length === 0) throw new ProtobufDecodeError('empty data');
  if (body.length < magic || !hasKubernetesProtobufMagic(body)) {
    throw new ProtobufDecodeError(
      `provided data does not appear to be a protobuf message, expected prefix [${kubernetesProtobufMagic.join(' ')}]`,
    );
  }
  if (body.length === magic) throw new ProtobufDecodeError('empty body');
  const unk = readUnknown(body.subarray(magic));
  const { apiVersion, kind } = unk;
  if (kind === '') {
    throw new ProtobufDecodeError(
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:""}'`,
      { apiVersion, kind },
    );
  }
  if (apiVersion === '') {
    throw new ProtobufDecodeError(
      `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:${JSON.stringify(kind)}}'`,
      { apiVersion, kind },
    );
  }
  const spec = kindMessage(apiVersion, kind);
  if (spec === undefined) {
    throw new ProtobufDecodeError(
      `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme ${JSON.stringify(schemeName)}`,
      { apiVersion, kind },
    );
  }
  let fields: unknown;
  try {
    fields = decodeMessage(spec, unk.raw);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err.withDeclared({ apiVersion, kind });
    throw err;
  }
  return { apiVersion, kind, object: { kind, apiVersion, ...(fields as Record<string, unknown>) } };
}
