// A minimal DER walker: just enough to find the exact bytes a PKCS#10 signature covers (the
// CertificationRequestInfo as sent, never re-encoded) and the parts needed to verify it.

/** One DER element: its tag byte and where its header and contents lie in the buffer. */
export interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the last content byte. */
  readonly end: number;
}

/** DER tag of a SEQUENCE. */
export const SEQUENCE = 0x30;
/** DER tag of a BIT STRING. */
export const BIT_STRING = 0x03;
/** DER tag of an OBJECT IDENTIFIER. */
export const OBJECT_IDENTIFIER = 0x06;

/** The element starting at `offset`; throws on truncated or non-DER lengths. */
export function readDerElement(buf: Uint8Array, offset: number, limit = buf.length): DerElement {
  if (offset + 2 > limit) throw new Error('asn1: syntax error: data truncated');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('asn1: syntax error: unsupported tag');
  let length = buf[offset + 1] as number;
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('asn1: syntax error: indefinite or oversized length');
    if (offset + 2 + octets > limit) throw new Error('asn1: syntax error: data truncated');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (buf[offset + 2 + i] as number);
    header += octets;
  }
  const contentStart = offset + header;
  const end = contentStart + length;
  if (end > limit) throw new Error('asn1: syntax error: data truncated');
  return { tag, start: offset, contentStart, end };
}

/** The elements directly inside a constructed element, in order. */
export function derChildren(buf: Uint8Array, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readDerElement(buf, at, parent.end);
    children.push(child);
    at = child.end;
  }
  return children;
}

/** The dotted form of an OBJECT IDENTIFIER element's contents. */
export function decodeOid(buf: Uint8Array, el: DerElement): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = el.contentStart; i < el.end; i++) {
    const byte = buf[i] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = Math.min(2, Math.floor(value / 40));
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}
