// The one logger of control plane and edge, on pino: JSON lines on stderr with level names,
// ISO times and the pid, levels from DNSCOVE_LOG_LEVEL, child loggers for request, zone and worker.
import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

/**
 * A structured logger, message first (`log.warn('publish failed', { zone })`). Never throws;
 * Error values in fields are logged with type, message and stack. `error` is for internal
 * faults (a bug, a failing socket); refused input is `warn` at most.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger adding `bindings` to every line (request_id, zone, worker). */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lowest level written; default DNSCOVE_LOG_LEVEL, else info. */
  readonly level?: LogLevel;
  /** Where each line goes (with its newline); default stderr, written synchronously so no line is lost on exit. */
  readonly write?: (line: string) => void;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** DNSCOVE_LOG_LEVEL as a level; anything else is a mistake worth refusing at start. */
export function logLevelFrom(env: Readonly<Record<string, string | undefined>>): LogLevel {
  const text = env['DNSCOVE_LOG_LEVEL'];
  if (text === undefined || text === '') return 'info';
  const level = LEVELS.find((l) => l === text.toLowerCase());
  if (level === undefined) throw new Error(`DNSCOVE_LOG_LEVEL must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(text)}`);
  return level;
}

/** Fields as pino should write them: an Error under any key, not only `err` (which pino's own serializer takes), with type, message and stack. */
function plain(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields ?? {})) out[key] = key !== 'err' && value instanceof Error ? pino.stdSerializers.err(value) : value;
  return out;
}

function wrap(base: PinoLogger): Logger {
  return {
    debug: (msg, fields) => base.debug(plain(fields), msg),
    info: (msg, fields) => base.info(plain(fields), msg),
    warn: (msg, fields) => base.warn(plain(fields), msg),
    error: (msg, fields) => base.error(plain(fields), msg),
    child: (bindings) => wrap(base.child(plain(bindings))),
  };
}

/** A logger writing `{"level":"info","time":"…","pid":…,"msg":"…",…fields}` lines. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write;
  const destination = write === undefined ? pino.destination({ dest: 2, sync: true }) : { write };
  return wrap(
    pino(
      {
        level: options.level ?? logLevelFrom(process.env),
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    ),
  );
}

/** A logger that drops everything (tests that do not read the log). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
