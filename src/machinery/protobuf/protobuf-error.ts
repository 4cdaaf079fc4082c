// Why a Kubernetes protobuf body could not be decoded. Upstream's apiserver answers every such
// failure with 400 BadRequest (handlers/rest.go transformDecodeError), never 415: 415 is only for
// a media type the resource does not accept at all. The message has two forms there: once the
// envelope named a kind, "<Kind> in version "<v>" cannot be handled as a <Kind>: <cause>";
// before that, "the object provided is unrecognized (must be of type <Kind>): <cause> (<hex>)".

/** The apiVersion and kind an envelope declared, when decoding got that far. */
export interface DeclaredKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** A body that is not a decodable Kubernetes protobuf message; `message` is upstream's cause text. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  constructor(
    message: string,
    /** Set once the envelope was read: the failure is then about that kind. */
    readonly declared?: DeclaredKind,
  ) {
    super(message);
  }

  /** The same cause, attributed to the kind the envelope declared. */
  withDeclared(declared: DeclaredKind): ProtobufDecodeError {
    return this.declared === undefined ? new ProtobufDecodeError(this.message, declared) : this;
  }
}

/**
 * The message of upstream's 400 for this failure. `expectedKind` is the kind the endpoint serves;
 * without it the declared kind stands in (the two agree for every well-formed request).
 */
export function protobufErrorMessage(
  err: ProtobufDecodeError,
  body: Uint8Array,
  expectedKind?: string,
): string {
  if (err.declared !== undefined && err.declared.kind !== '') {
    const { apiVersion, kind } = err.declared;
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    return `${kind} in version "${version}" cannot be handled as a ${expectedKind ?? kind}: ${err.message}`;
  }
  const type = expectedKind === undefined ? '' : ` (must be of type ${expectedKind})`;
  return `the object provided is unrecognized${type}: ${err.message} (${summarize(body)})`;
}

// Upstream's summarizeData: the first 30 bytes, as text when it looks like JSON, else as hex.
function summarize(body: Uint8Array): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, 30);
  const more = body.length > 30 ? ' ...' : '';
  if (body[0] === 0x7b) return Buffer.from(head).toString('utf8') + more;
  return Buffer.from(head).toString('hex') + more;
}
