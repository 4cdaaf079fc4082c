// One line of a container log file, as upstream's kuberuntime/logs parses it. The runtime writes
// the CRI format — `<RFC3339Nano> <stdout|stderr> <P|F>[:more tags] <message>` — where P marks a
// piece of a line longer than the runtime's limit, continued by the next record until an F. Files
// left by dockershim are in docker's json-file format, one JSON object a line, read as well.
import { parseLogTimestamp, type LogTimestamp } from './log-timestamp.js';

/** The stream a record was written to. */
export type LogStream = 'stdout' | 'stderr';

/** One parsed record. */
export interface LogRecord {
  readonly timestamp: LogTimestamp;
  readonly stream: LogStream;
  /** A CRI "P" record: its message continues in the next record (it carries no newline). */
  readonly partial: boolean;
  /** The message bytes, with the line's newline when the record completes a line. */
  readonly content: Buffer;
}

/** Parses one physical line (with its trailing newline, if any); undefined when malformed. */
export type LogLineParser = (line: Buffer) => LogRecord | undefined;

const space = 0x20;
const newline = 0x0a;

function isStream(s: string): s is LogStream {
  return s === 'stdout' || s === 'stderr';
}

/** Parses a CRI-format line. */
export function parseCriLogLine(line: Buffer): LogRecord | undefined {
  const t = line.indexOf(space);
  if (t < 0) return undefined;
  const timestamp = parseLogTimestamp(line.toString('latin1', 0, t));
  if (timestamp === undefined) return undefined;
  const s = line.indexOf(space, t + 1);
  if (s < 0) return undefined;
  const stream = line.toString('latin1', t + 1, s);
  if (!isStream(stream)) return undefined;
  const g = line.indexOf(space, s + 1);
  if (g < 0) return undefined;
  // Tags are ':'-separated; only the first (P or F) means anything today.
  const partial = line.toString('latin1', s + 1, g).split(':')[0] === 'P';
  let end = line.length;
  if (partial && end > g + 1 && line[end - 1] === newline) end--;
  return { timestamp, stream, partial, content: line.subarray(g + 1, end) };
}

// Go's zero time.Time (0001-01-01T00:00:00Z): a json-file line without "time".
const zeroTime: LogTimestamp = { seconds: -62135596800, nanos: 0, offsetMinutes: 0 };

/** Parses a docker json-file line: {"log":"…","stream":"stdout","time":"…"}. */
export function parseDockerJsonLogLine(line: Buffer): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { log, stream, time } = value as { log?: unknown; stream?: unknown; time?: unknown };
  if (typeof stream !== 'string' || !isStream(stream)) return undefined;
  const timestamp = typeof time === 'string' ? parseLogTimestamp(time) : zeroTime;
  if (timestamp === undefined) return undefined;
  return {
    timestamp,
    stream,
    partial: false,
    content: Buffer.from(typeof log === 'string' ? log : '', 'utf8'),
  };
}

/** The parser for a file whose first line is `line` (CRI tried first, as upstream); undefined when neither fits. */
export function logLineParserFor(line: Buffer): LogLineParser | undefined {
  for (const parse of [parseCriLogLine, parseDockerJsonLogLine]) if (parse(line) !== undefined) return parse;
  return undefined;
}

/**
 * True when a line starting with `head` is a CRI partial ("P") record. Only the line's beginning is
 * needed (timestamp, stream and tag fit in 64 bytes), which is what lets tail scan a file backwards.
 */
export function startsPartialRecord(head: Buffer): boolean {
  const t = head.indexOf(space);
  if (t < 0) return false;
  const s = head.indexOf(space, t + 1);
  if (s < 0 || head[s + 1] !== 0x50 /* P */) return false;
  if (head[s + 2] !== space && head[s + 2] !== 0x3a /* : */) return false;
  return (
    isStream(head.toString('latin1', t + 1, s)) &&
    parseLogTimestamp(head.toString('latin1', 0, t)) !== undefined
  );
}

/** How many bytes of a line's beginning startsPartialRecord needs. */
export const recordHeadBytes = 64;
