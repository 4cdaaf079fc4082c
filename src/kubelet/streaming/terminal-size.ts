// Terminal resize events: the resize stream (SPDY) or channel 4 (WebSocket) carries a sequence of
// JSON objects `{"Width":80,"Height":24}`, read upstream with a json.Decoder — so objects may be
// split across or packed into messages, and Go matches the field names case-insensitively.

/** A terminal size in character cells. */
export interface TerminalSize {
  readonly width: number;
  readonly height: number;
}

/** The JSON client-go writes for a size (json.Encoder adds the newline). */
export function encodeTerminalSize(size: TerminalSize): Buffer {
  return Buffer.from(`${JSON.stringify({ Width: size.width, Height: size.height })}\n`, 'utf8');
}

/**
 * Splits a byte stream into JSON objects and reports each as a TerminalSize; after the first
 * malformed value it ignores the rest, as the kubelet's resize loop stops at a decode error.
 */
export class TerminalSizeDecoder {
  private text = '';
  private broken = false;

  constructor(private readonly onSize: (size: TerminalSize) => void) {}

  /** Feeds the next bytes of the stream. */
  push(chunk: Buffer): void {
    if (this.broken) return;
    this.text += chunk.toString('utf8');
    for (;;) {
      const start = this.text.search(/\S/);
      if (start < 0) {
        this.text = '';
        return;
      }
      if (this.text[start] !== '{') {
        this.broken = true;
        return;
      }
      const end = objectEnd(this.text, start);
      if (end < 0) {
        this.text = this.text.slice(start);
        return;
      }
      const raw = this.text.slice(start, end);
      this.text = this.text.slice(end);
      const size = parseSize(raw);
      if (size === undefined) {
        this.broken = true;
        return;
      }
      this.onSize(size);
    }
  }
}

// Index just past the object starting at `start`, or -1 while it is incomplete.
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function parseSize(raw: string): TerminalSize | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  let width = 0;
  let height = 0;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) continue;
    if (key.toLowerCase() === 'width') width = v;
    else if (key.toLowerCase() === 'height') height = v;
  }
  return { width, height };
}
