// The edge's logger: one JSON object per line on stderr, levels info, warn and error.
// Error is reserved for internal faults (a bug or a failing socket); a bad snapshot is a warn.

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function describe(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

/**
 * A logger writing `{"time","level","pid","msg",...fields}` lines to `write` (stderr by
 * default); the pid tells the workers of one edge apart.
 */
export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    const record: Record<string, unknown> = { time: new Date().toISOString(), level, pid: process.pid, msg };
    for (const [k, v] of Object.entries(fields ?? {})) record[k] = describe(v);
    write(JSON.stringify(record) + '\n');
  };
  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
