// Reading one container log file as upstream's kuberuntime/logs ReadLogs does for `kubectl logs`:
// from the tail start (or the beginning), parsing each line, filtering and formatting it through a
// LogSink; without follow it ends at the end of the file (or after tailLines lines); with follow
// it waits for more until the container stops. Unlike upstream, following survives a rotation
// without losing lines: the renamed file is drained before the new one is read from its start.
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../../base/clock.js';
import { goQuote } from '../../machinery/errors/index.js';
import { LineSplitter } from './line-splitter.js';
import { LogChangeWaiter } from './log-change-waiter.js';
import { logLineParserFor, type LogLineParser } from './log-line.js';
import type { ContainerLogOptions } from './log-options.js';
import { LogSink } from './log-sink.js';
import { osErrorText } from './os-error-text.js';
import { findTailStart } from './tail-start.js';

const readBytes = 64 * 1024;

/** What to read, where to write it, and how a follow learns the container stopped. */
export interface ReadContainerLogInput {
  /** The log file (the CRI ContainerStatus logPath). */
  readonly path: string;
  readonly options: ContainerLogOptions;
  /** Where the output goes; its backpressure is respected. */
  readonly out: Writable;
  /** Ends the read promptly (the client went away); the read then resolves. */
  readonly signal?: AbortSignal;
  /** With follow: whether the container still runs; following ends once it stopped and its log is drained (absent: on abort only). */
  readonly isRunning?: () => Promise<boolean>;
  readonly clock?: Clock;
  /** With follow: the longest wait between looks at the file, and between running checks (default 1 s). */
  readonly pollMs?: number;
}

/** Reads the log into `out`; rejects with upstream's messages when the file cannot be read. */
export async function readContainerLog(input: ReadContainerLogInput): Promise<void> {
  const { options, signal } = input;
  let logPath: string;
  try {
    logPath = await realpath(input.path);
  } catch (err) {
    throw new Error(
      `failed to try resolving symlinks in path ${goQuote(input.path)}: ${osErrorText('lstat', input.path, err)}`,
    );
  }
  const file = await openLog(logPath);
  const reader = new LogFileReader(input, logPath, file, new LogSink(input.out, options, signal));
  try {
    await reader.run();
  } catch (err) {
    // The client went away while we waited: nothing more to say to it.
    if (signal?.aborted) return;
    throw err;
  } finally {
    await reader.close();
  }
}

async function openLog(logPath: string): Promise<FileHandle> {
  try {
    return await open(logPath, 'r');
  } catch (err) {
    throw new Error(`failed to open log file ${goQuote(logPath)}: ${osErrorText('open', logPath, err)}`);
  }
}

/** The read loop's state: the open file, where it is in it, and what a follow waits on. */
class LogFileReader {
  private readonly follow: boolean;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly lines = new LineSplitter();
  private parse: LogLineParser | undefined;
  private position = 0;
  private linesLeft = Infinity;
  private waiter: LogChangeWaiter | undefined;
  /** The file a rotation put at the path, read once the current one is drained. */
  private next: FileHandle | undefined;
  private running = true;
  private lastRunningCheck = -Infinity;

  constructor(
    private readonly input: ReadContainerLogInput,
    private readonly logPath: string,
    private file: FileHandle,
    private readonly sink: LogSink,
  ) {
    this.follow = input.options.follow === true;
    this.clock = input.clock ?? systemClock;
    this.pollMs = input.pollMs ?? 1000;
  }

  async run(): Promise<void> {
    const tail = this.input.options.tailLines;
    if (tail !== undefined) {
      try {
        const { size } = await this.file.stat();
        this.position = await findTailStart(this.file, size, tail);
      } catch (err) {
        throw new Error(
          `failed to tail ${tail} lines of log file ${goQuote(this.logPath)}: ${(err as Error).message}`,
        );
      }
      // As upstream: without follow, stop after the tail's lines even if the file grows meanwhile.
      if (!this.follow) this.linesLeft = tail;
    }
    while (!this.finished) {
      const chunk = await this.read();
      if (chunk.length > 0) {
        for (const line of this.lines.push(chunk)) {
          this.handle(line);
          if (this.sink.wantsFlush) await this.sink.flush();
          if (this.finished) break;
        }
        if (this.follow) await this.sink.flush();
        continue;
      }
      if (!this.follow) {
        // An unfinished last line is shown as it is.
        this.handleRest();
        break;
      }
      if (!(await this.awaitMore())) break;
    }
    await this.sink.flush();
  }

  private get finished(): boolean {
    return this.sink.done || this.linesLeft <= 0;
  }

  private async read(): Promise<Buffer> {
    // A fresh buffer each time: lines handed to the sink share its memory until the sink flushes.
    const buffer = Buffer.allocUnsafe(readBytes);
    try {
      const { bytesRead } = await this.file.read(buffer, 0, buffer.length, this.position);
      this.position += bytesRead;
      return buffer.subarray(0, bytesRead);
    } catch (err) {
      throw new Error(`failed to read log file ${goQuote(this.logPath)}: ${(err as Error).message}`);
    }
  }

  private handle(line: Buffer): void {
    if (this.parse === undefined) {
      this.parse = logLineParserFor(line);
      if (this.parse === undefined)
        throw new Error(`failed to get parse function: unsupported log format: ${goQuote(line.toString())}`);
    }
    const record = this.parse(line);
    // As upstream, a malformed line is skipped.
    if (record === undefined) return;
    this.sink.add(record);
    if (!record.partial) this.linesLeft--;
  }

  private handleRest(): void {
    const rest = this.lines.rest();
    if (rest !== undefined) this.handle(rest);
  }

  /**
   * At the end of the file while following: switch to a rotated-in file, or wait for more.
   * False when the container stopped and everything it wrote was read.
   */
  private async awaitMore(): Promise<boolean> {
    if (this.next !== undefined) {
      // The renamed file is drained (the runtime writes only to the new one once it exists).
      this.handleRest();
      await this.file.close();
      this.file = this.next;
      this.next = undefined;
      this.position = 0;
      return true;
    }
    if (!this.running) return false;
    await this.sink.flush();
    this.next = await this.rotatedIn();
    // Read what reached the old file after the last read before moving over.
    if (this.next !== undefined) return true;
    if (this.waiter === undefined) {
      this.waiter = new LogChangeWaiter(this.logPath, this.clock, this.pollMs);
      // Writes between the last read and the watch's start would go unnoticed: look again first.
      return true;
    }
    if (this.clock.now() - this.lastRunningCheck >= this.pollMs) {
      this.lastRunningCheck = this.clock.now();
      this.running = (await this.input.isRunning?.()) ?? true;
      // One more pass reads what it wrote before it stopped.
      if (!this.running) return true;
    }
    await this.waiter.wait(this.input.signal);
    return true;
  }

  /** The file now at the log path when it is not the one open (a rotation renamed ours away). */
  private async rotatedIn(): Promise<FileHandle | undefined> {
    let current;
    try {
      current = await stat(this.logPath);
    } catch {
      // Renamed and not yet reopened by the runtime (or removed with the container).
      return undefined;
    }
    const opened = await this.file.stat();
    if (current.ino === opened.ino && current.dev === opened.dev) return undefined;
    try {
      return await open(this.logPath, 'r');
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.waiter?.close();
    await this.next?.close();
    await this.file.close();
  }
}
