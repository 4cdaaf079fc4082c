// PEM decoding with the semantics of Go's encoding/pem.Decode, which upstream uses for every PEM
// field of the certificates API: the first well-formed block wins, text around blocks is ignored,
// and a malformed block is skipped rather than reported.

/** One decoded PEM block. */
export interface PemBlock {
  /** The label between BEGIN and the dashes, e.g. "CERTIFICATE REQUEST". */
  readonly type: string;
  /** RFC 1421 headers ("Key: value" lines before the body); usually none. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Buffer;
}

const beginMarker = '-----BEGIN ';
const endMarker = '\n-----END ';
const dashes = '-----';

// Go's getLine: the line without its newline and trailing spaces, tabs and carriage returns.
function getLine(text: string): [string, string] {
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  return [line.replace(/[ \t\r]+$/, ''), rest];
}

// Go's base64.StdEncoding after removing spaces and tabs: newlines are skipped, padding is required.
function decodeBase64Strict(text: string): Buffer | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/**
 * The first PEM block in `data` and the text after it, as Go's pem.Decode: `block` is undefined
 * (and `rest` is all of `data`) when there is no well-formed block.
 */
export function decodePem(data: Buffer | string): { block?: PemBlock; rest: string } {
  // latin1 keeps every byte as one character, so binary junk around blocks cannot break scanning.
  const all = typeof data === 'string' ? data : data.toString('latin1');
  let rest = all;
  for (;;) {
    if (rest.startsWith(beginMarker)) rest = rest.slice(beginMarker.length);
    else {
      const at = rest.indexOf(`\n${beginMarker}`);
      if (at < 0) return { rest: all };
      rest = rest.slice(at + 1 + beginMarker.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith(dashes)) continue;
    const type = typeLine.slice(0, -dashes.length);
    const headers: Record<string, string> = {};
    let truncated = false;
    for (;;) {
      if (rest === '') {
        truncated = true;
        break;
      }
      const [line, next] = getLine(rest);
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      rest = next;
    }
    if (truncated) return { rest: all };
    let endIndex: number;
    let trailerIndex: number;
    if (Object.keys(headers).length === 0 && rest.startsWith(endMarker.slice(1))) {
      endIndex = 0;
      trailerIndex = endMarker.length - 1;
    } else {
      endIndex = rest.indexOf(endMarker);
      trailerIndex = endIndex + endMarker.length;
    }
    if (endIndex < 0) continue;
    const trailer = rest.slice(trailerIndex, trailerIndex + type.length + dashes.length);
    if (trailer !== `${type}${dashes}`) continue;
    const [restOfEndLine] = getLine(rest.slice(trailerIndex + trailer.length));
    if (restOfEndLine !== '') continue;
    const bytes = decodeBase64Strict(rest.slice(0, endIndex));
    if (bytes === undefined) continue;
    const [, after] = getLine(rest.slice(trailerIndex));
    return { block: { type, headers, bytes }, rest: after };
  }
}

/** Every well-formed PEM block in `data`, in order. */
export function decodeAllPem(data: Buffer | string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let rest = typeof data === 'string' ? data : data.toString('latin1');
  for (;;) {
    const decoded = decodePem(rest);
    if (decoded.block === undefined) return blocks;
    blocks.push(decoded.block);
    rest = decoded.rest;
  }
}

/** Encodes DER bytes as one PEM block with 64-character lines and a final newline (Go's pem.EncodeToMemory). */
export function encodePem(type: string, bytes: Uint8Array): string {
  const body = Buffer.from(bytes).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => `${l}\n`).join('')}-----END ${type}-----\n`;
}
