/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logging: a message plus key/value fields, tagged with the component that wrote it. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-component ("apiserver" → "apiserver.cacher"). */
  child(component: string): Logger;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The least severe level logged unless a logger is told otherwise: $K8TS_LOG_LEVEL, else info. */
export function defaultLogLevel(): LogLevel {
  const env = process.env['K8TS_LOG_LEVEL'];
  return env !== undefined && Object.hasOwn(order, env) ? (env as LogLevel) : 'info';
}

/** True when an entry at `level` passes a logger whose least severe level is `min`. */
export function levelEnabled(level: LogLevel, min: LogLevel): boolean {
  return order[level] >= order[min];
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /^[\w./:@-]*$/.test(v) && v !== '' ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/**
 * A logger writing one line per entry to stderr: `<time> <LEVEL> <component> <msg> key=value ...`
 * (logfmt-style so lines stay greppable). `K8TS_LOG_LEVEL` sets the minimum level (default info).
 */
export function createLogger(
  component: string,
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const min = options.level ?? defaultLogLevel();
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (!levelEnabled(level, min)) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase()} ${component} ${msg}`;
    if (fields)
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${formatValue(v)}`;
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${component}.${sub}`, options),
  };
}
