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

/**
 * An AuditSink writing JSON lines; writes are buffered and flushed on the next turn of the event
 * loop (or by flush()), so a request never waits on the disk.
 */
export class AuditLogWriter implements AuditSink {
  private fd: number | undefined;
  private size = 0;
  private pending: string[] = [];
  private scheduled = false;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: AuditLogOptions) {
    this.maxBytes = (options.maxSizeMB || 100) * MB;
    this.now = options.now ?? Date.now;
  }

  /** Queues one event. */
  write(event: AuditEvent): void {
    this.pending.push(`${JSON.stringify(event)}\n`);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every queued event now. */
  flush(): void {
    this.scheduled = false;
    const lines = this.pending;
    this.pending = [];
    for (const line of lines) this.append(Buffer.from(line, 'utf8'));
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
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

  private append(buf: Buffer): void {
    let fd = this.open();
    if (this.size > 0 && this.size + buf.length > this.maxBytes) {
      this.rotate();
      fd = this.open();
    }
    writeSync(fd, buf);
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
