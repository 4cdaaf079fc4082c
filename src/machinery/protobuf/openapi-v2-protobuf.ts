// The Swagger 2.0 document in the protobuf form kubectl asks /openapi/v2 for
// (application/com.github.proto-openapi.spec.v2@v1.0+protobuf): gnostic's openapi.v2.Document.
// Only what the served document uses is encoded: swagger, info, paths, definitions and security;
// values of `default`, `enum`, `example` and `x-` extensions go in Any.yaml as JSON text, which
// is YAML too and is how gnostic carries them.
import type { SwaggerDocument, SwaggerSchema } from '../../api/openapi/openapi-v2.js';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const utf8 = new TextEncoder();

/** Builds one protobuf message from its fields in order; nested messages are encoded first. */
class MessageWriter {
  private readonly parts: Uint8Array[] = [];

  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  private varint(value: number): void {
    const out: number[] = [];
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.parts.push(Uint8Array.from(out));
  }

  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, utf8.encode(value));
  }

  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.bytes(field, utf8.encode(v));
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (value !== true) return this;
    this.key(field, WIRE_VARINT);
    this.varint(1);
    return this;
  }

  /** A bool member of a oneof: written even when false, since being set is what it says. */
  oneofBool(field: number, value: boolean): this {
    this.key(field, WIRE_VARINT);
    this.varint(value ? 1 : 0);
    return this;
  }

  int64(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this;
    if (value < 0 || !Number.isSafeInteger(value)) throw new RangeError(`cannot encode ${value} as int64`);
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  double(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this;
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.key(field, WIRE_FIXED64);
    this.parts.push(b);
    return this;
  }

  message(field: number, body: Uint8Array | undefined): this {
    if (body === undefined) return this;
    return this.bytes(field, body);
  }

  private bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_BYTES);
    this.varint(value.byteLength);
    this.parts.push(value);
    return this;
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

// openapi.v2.Any { google.protobuf.Any value = 1; string yaml = 2; }
function anyValue(value: unknown): Uint8Array {
  return new MessageWriter().string(2, JSON.stringify(value)).finish();
}

// openapi.v2.NamedAny { string name = 1; Any value = 2; }
function vendorExtensions(w: MessageWriter, field: number, object: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(object)) {
    if (!name.startsWith('x-') || value === undefined) continue;
    w.message(field, new MessageWriter().string(1, name).message(2, anyValue(value)).finish());
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** openapi.v2.Schema. */
export function encodeSchema(s: SwaggerSchema): Uint8Array {
  const w = new MessageWriter()
    .string(1, str(s['$ref']))
    .string(2, str(s['format']))
    .string(3, str(s['title']))
    .string(4, str(s['description']));
  if (s['default'] !== undefined) w.message(5, anyValue(s['default']));
  w.double(6, num(s['multipleOf']))
    .double(7, num(s['maximum']))
    .bool(8, bool(s['exclusiveMaximum']))
    .double(9, num(s['minimum']))
    .bool(10, bool(s['exclusiveMinimum']))
    .int64(11, num(s['maxLength']))
    .int64(12, num(s['minLength']))
    .string(13, str(s['pattern']))
    .int64(14, num(s['maxItems']))
    .int64(15, num(s['minItems']))
    .bool(16, bool(s['uniqueItems']))
    .int64(17, num(s['maxProperties']))
    .int64(18, num(s['minProperties']))
    .strings(19, s['required'] as string[] | undefined);
  for (const v of (s['enum'] as unknown[] | undefined) ?? []) w.message(20, anyValue(v));
  const additional = s['additionalProperties'];
  // AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2; } }
  if (typeof additional === 'object' && additional !== null)
    w.message(21, new MessageWriter().message(1, encodeSchema(additional as SwaggerSchema)).finish());
  else if (typeof additional === 'boolean')
    w.message(21, new MessageWriter().oneofBool(2, additional).finish());
  // TypeItem { repeated string value = 1; }
  const type = s['type'];
  if (type !== undefined)
    w.message(22, new MessageWriter().strings(1, Array.isArray(type) ? type : [String(type)]).finish());
  // ItemsItem { repeated Schema schema = 1; }
  if (typeof s['items'] === 'object' && s['items'] !== null)
    w.message(23, new MessageWriter().message(1, encodeSchema(s['items'] as SwaggerSchema)).finish());
  for (const sub of (s['allOf'] as SwaggerSchema[] | undefined) ?? []) w.message(24, encodeSchema(sub));
  // Properties { repeated NamedSchema additional_properties = 1; }
  const properties = s['properties'] as Readonly<Record<string, SwaggerSchema>> | undefined;
  if (properties !== undefined) {
    const props = new MessageWriter();
    for (const [name, sub] of Object.entries(properties))
      props.message(1, new MessageWriter().string(1, name).message(2, encodeSchema(sub)).finish());
    w.message(25, props.finish());
  }
  w.string(26, str(s['discriminator'])).bool(27, bool(s['readOnly']));
  if (s['example'] !== undefined) w.message(30, anyValue(s['example']));
  vendorExtensions(w, 31, s);
  return w.finish();
}

// SecurityDefinitionsItem { ApiKeySecurity api_key_security = 2; ... }, ApiKeySecurity { type = 1;
// name = 2; in = 3; description = 4; }
function encodeSecurityDefinition(s: SwaggerSchema): Uint8Array {
  const apiKey = new MessageWriter()
    .string(1, str(s['type']))
    .string(2, str(s['name']))
    .string(3, str(s['in']))
    .string(4, str(s['description']))
    .finish();
  return new MessageWriter().message(2, apiKey).finish();
}

/** The whole document as openapi.v2.Document bytes. */
export function encodeOpenApiV2Document(doc: SwaggerDocument): Uint8Array {
  const info = new MessageWriter().string(1, doc.info.title).string(2, doc.info.version).finish();
  // Definitions { repeated NamedSchema additional_properties = 1; }
  const definitions = new MessageWriter();
  for (const [name, schema] of Object.entries(doc.definitions))
    definitions.message(1, new MessageWriter().string(1, name).message(2, encodeSchema(schema)).finish());
  // SecurityRequirement { repeated NamedStringArray additional_properties = 1; }
  const w = new MessageWriter()
    .string(1, doc.swagger)
    .message(2, info)
    .message(8, new MessageWriter().finish())
    .message(9, definitions.finish());
  for (const requirement of doc.security) {
    const req = new MessageWriter();
    for (const [name, scopes] of Object.entries(requirement))
      req.message(
        1,
        new MessageWriter()
          .string(1, name)
          .message(2, new MessageWriter().strings(1, scopes).finish())
          .finish(),
      );
    w.message(12, req.finish());
  }
  // SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }
  const securityDefinitions = new MessageWriter();
  for (const [name, def] of Object.entries(doc.securityDefinitions))
    securityDefinitions.message(
      1,
      new MessageWriter().string(1, name).message(2, encodeSecurityDefinition(def)).finish(),
    );
  w.message(13, securityDefinitions.finish());
  return w.finish();
}
