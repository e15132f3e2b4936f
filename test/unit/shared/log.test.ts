// The shared logger: JSON lines with level names, ISO time, pid and message; Errors with their
// stack; child bindings; levels from DNSCOVE_LOG_LEVEL.
import { describe, expect, it } from 'vitest';
import { createLogger, logLevelFrom } from '../../../shared/log.js';
import type { LogLevel } from '../../../shared/log.js';

function capture(level?: LogLevel): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ ...(level === undefined ? {} : { level }), write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, log };
}

describe('createLogger', () => {
  it('writes one JSON object per line: level name, ISO time, pid, message and fields', () => {
    const { lines, log } = capture();
    log.warn('publish failed', { zone: 'example.com.', attempt: 2 });
    expect(lines).toEqual([{ level: 'warn', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), pid: process.pid, msg: 'publish failed', zone: 'example.com.', attempt: 2 }]);
  });

  it('logs an Error in any field with its type, message and stack', () => {
    const { lines, log } = capture();
    log.error('internal fault', { err: new TypeError('bad'), cause: new Error('deeper') });
    expect(lines[0]).toMatchObject({ level: 'error', err: { type: 'TypeError', message: 'bad', stack: expect.stringContaining('TypeError: bad') }, cause: { message: 'deeper' } });
  });

  it('leaves out what is below its level, and child loggers add their bindings to every line', () => {
    const { lines, log } = capture('info');
    log.debug('noise');
    const request = log.child({ request_id: 'r-1' });
    request.info('http', { status: 200 });
    request.child({ zone: 'example.com.' }).warn('slow');
    expect(lines.map((l) => [l['msg'], l['request_id'], l['zone']])).toEqual([
      ['http', 'r-1', undefined],
      ['slow', 'r-1', 'example.com.'],
    ]);
  });
});

describe('logLevelFrom', () => {
  it('reads DNSCOVE_LOG_LEVEL, info by default, and refuses what is not a level', () => {
    expect(logLevelFrom({})).toBe('info');
    expect(logLevelFrom({ DNSCOVE_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => logLevelFrom({ DNSCOVE_LOG_LEVEL: 'loud' })).toThrow(/DNSCOVE_LOG_LEVEL must be one of debug, info, warn, error/);
  });
});
