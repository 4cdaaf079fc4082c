import { Duplex, type DuplexOptions } from 'node:stream';

/**
 * The parts of net.Socket's surface that node:http uses beyond a Duplex — idle timeouts
 * (setTimeout and the 'timeout' event), setNoDelay, setKeepAlive, ref and unref — for sockets
 * that carry HTTP without TCP (MemorySocket, PortSocket). Subclasses call touch() on traffic and
 * stopIdleTimer() when destroyed, and say what ref and unref hold.
 */
export abstract class SocketSurface extends Duplex {
  /** Always undefined: there is no network peer. */
  readonly remoteAddress: string | undefined = undefined;
  /** The idle timeout set with setTimeout (0: none), as net.Socket.timeout. */
  timeout = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(options: DuplexOptions) {
    super(options);
  }

  /** Keeps the process (or thread) running while this socket is open, as net.Socket.ref. */
  abstract ref(): this;

  /** Lets the process (or thread) exit even though this socket is open, as net.Socket.unref. */
  abstract unref(): this;

  /** Emits 'timeout' after `ms` without reads or writes (0 turns it off), as net.Socket does. */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.timeout = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    this.stopIdleTimer();
    if (ms > 0 && !this.destroyed) {
      // Unreferenced like net.Socket's: an idle connection does not keep the process alive.
      this.idleTimer = setTimeout(() => this.emit('timeout'), ms).unref();
    }
    return this;
  }

  /** No effect: nothing delays small writes to coalesce them. */
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  /** No effect: there are no keep-alive probes without TCP. */
  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this;
  }

  /** Any traffic restarts the idle timer, as on a TCP socket. */
  protected touch(): void {
    this.idleTimer?.refresh();
  }

  protected stopIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
