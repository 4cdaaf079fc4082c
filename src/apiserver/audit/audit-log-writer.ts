// The log backend: one JSON line per event, appended to a file that is rotated the way upstream's
// lumberjack logger rotates --audit-log-path (maxsize MB, maxbackup files, maxage days; rotated
// files are named <name>-<UTC time>.<ext>).

import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { AuditEvent } from './audit-event.js';
import type { AuditSink } from './audit-recorder.js';
import { auditEventLine } from './raw-json.js';

/** Rotation settings; zero keeps upstream's meaning (0 MB = lumberjack's 100 MB default, 0 = keep all). */
export interface AuditLogOptions {
  readonly path: string;
  /** Megabytes before the file is rotated (0: 100). */
  readonly maxSizeMB?: number;
  /** Rotated files to keep (0: all). */
  readonly maxBackups?: number;
  /** Days to keep rotated files (0: forever). */
  readonly maxAgeDays?: number;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
  /** Told when events could not be written (they are dropped; requests are never failed for it). */
  readonly onError?: (err: unknown, droppedEvents: number) => void;
}

const MB = 1024 * 1024;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** lumberjack's backup time format, 2006-01-02T15-04-05.000, in UTC. */
function backupStamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

function parseStamp(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, ms] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, se!, ms!);
}

/** The --audit-log-path value that sends events to standard output instead of a file. */
export const AUDIT_LOG_STDOUT = '-';

/**
 * An AuditSink writing JSON lines. Events are queued and serialized and written together on the
 * next turn of the event loop (or by flush()), in one write per batch, so a request never waits on
 * JSON encoding or the disk.
 */
export class AuditLogWriter implements AuditSink {
  private fd: number | undefined;
  private size = 0;
  private pending: AuditEvent[] = [];
  private scheduled = false;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly toStdout: boolean;

  constructor(private readonly options: AuditLogOptions) {
    this.maxBytes = (options.maxSizeMB || 100) * MB;
    this.now = options.now ?? Date.now;
    this.toStdout = options.path === AUDIT_LOG_STDOUT;
  }

  /** Queues one event. */
  write(event: AuditEvent): void {
    this.pending.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every queued event now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    try {
      this.writeEvents(events);
    } catch (err) {
      // As upstream's log backend: report the failure and go on; a full disk must not stop the API.
      this.closeFile();
      this.options.onError?.(err, events.length);
    }
  }

  private writeEvents(events: readonly AuditEvent[]): void {
    if (this.toStdout) {
      process.stdout.write(events.map((e) => `${auditEventLine(e)}\n`).join(''));
      return;
    }
    const lines = events.map((e) => `${auditEventLine(e)}\n`);
    this.open();
    const whole = Buffer.from(lines.join(''), 'utf8');
    // The usual case: the whole batch fits, one write.
    if (this.size + whole.length <= this.maxBytes) return this.writeOut(whole);
    // Otherwise cut where the file must rotate (as lumberjack: before a write that would take the
    // file past maxsize, unless the file is empty).
    let batch: string[] = [];
    let batchBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      this.open();
      if (this.size + batchBytes > 0 && this.size + batchBytes + bytes > this.maxBytes) {
        this.writeOut(Buffer.from(batch.join(''), 'utf8'));
        batch = [];
        batchBytes = 0;
        if (this.size > 0) this.rotate();
      }
      batch.push(line);
      batchBytes += bytes;
    }
    this.writeOut(Buffer.from(batch.join(''), 'utf8'));
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    this.closeFile();
  }

  private closeFile(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // Already unusable; the next write opens the file afresh.
    }
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.options.path), { recursive: true, mode: 0o700 });
      // Audit logs name users and resources: owner-only, like the keys.
      this.fd = openSync(this.options.path, 'a', 0o600);
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private writeOut(buf: Buffer): void {
    if (buf.length === 0) return;
    const fd = this.open();
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    this.size += buf.length;
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const { path } = this.options;
    const ext = extname(path);
    const stem = basename(path, ext);
    renameSync(path, join(dirname(path), `${stem}-${backupStamp(this.now())}${ext}`));
    this.cleanup(stem, ext);
  }

  private cleanup(stem: string, ext: string): void {
    const dir = dirname(this.options.path);
    const backups = readdirSync(dir)
      .filter((f) => f.startsWith(`${stem}-`) && f.endsWith(ext))
      .map((f) => ({ f, t: parseStamp(f.slice(stem.length + 1, f.length - ext.length)) }))
      .filter((b): b is { f: string; t: number } => b.t !== undefined)
      .sort((a, b) => b.t - a.t);
    const maxAgeMs = (this.options.maxAgeDays ?? 0) * 24 * 3600 * 1000;
    backups.forEach((b, i) => {
      const tooMany = (this.options.maxBackups ?? 0) > 0 && i >= this.options.maxBackups!;
      const tooOld = maxAgeMs > 0 && b.t < this.now() - maxAgeMs;
      if (tooMany || tooOld) rmSync(join(dir, b.f), { force: true });
    });
  }
}
