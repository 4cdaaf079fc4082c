import type { MessagePort } from 'node:worker_threads';
import { levelEnabled, type Logger, type LogLevel } from '../../base/logger.js';

/** One log entry crossing threads: the component path below the receiving logger, and the entry. */
interface LogEntry {
  readonly path: readonly string[];
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields?: Record<string, unknown>;
}

// Fields that cannot be cloned (functions, class instances with private state, errors with such
// causes) travel as text: an error as its message, as the log line would print it anyway.
function cloneable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields))
    out[k] = v instanceof Error ? v.message : typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
  return out;
}

/**
 * A Logger for a component thread: each entry at `minLevel` or above goes over `port` to the
 * thread that owns the log (relayLogs), which writes it under its own logger's component.
 */
export function forwardingLogger(
  port: MessagePort,
  minLevel: LogLevel,
  path: readonly string[] = [],
): Logger {
  const send = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (!levelEnabled(level, minLevel)) return;
    const entry: LogEntry = { path, level, msg, ...(fields !== undefined ? { fields } : {}) };
    try {
      port.postMessage(entry);
    } catch {
      try {
        port.postMessage({ ...entry, fields: cloneable(fields ?? {}) });
      } catch {
        port.postMessage({ path, level, msg });
      }
    }
  };
  return {
    debug: (msg, fields) => send('debug', msg, fields),
    info: (msg, fields) => send('info', msg, fields),
    warn: (msg, fields) => send('warn', msg, fields),
    error: (msg, fields) => send('error', msg, fields),
    child: (component) => forwardingLogger(port, minLevel, [...path, component]),
  };
}

/** Writes the entries a forwardingLogger sends over `port` with `log` (children by their path). */
export function relayLogs(port: MessagePort, log: Logger): void {
  port.on('message', (entry: LogEntry) => {
    let target = log;
    for (const component of entry.path) target = target.child(component);
    target[entry.level](entry.msg, entry.fields);
  });
  port.unref();
}
