// The checks' settings, read from the environment in one place (DNSCOVE_ROOT_HINTS and friends).
import { DEFAULT_PARITY_LIMIT } from './parity-check.js';
import type { ResolverOptions } from './iterative-resolver.js';
import { parseRootHints } from './root-hints.js';

export interface ChecksConfig {
  readonly resolver: ResolverOptions;
  /** Most RRsets one parity check compares unless the request asks otherwise. */
  readonly parityLimit: number;
}

function positiveInt(env: Readonly<Record<string, string | undefined>>, key: string, fallback: number): number {
  const text = env[key];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`checks: ${key} "${text}" is not a positive integer`);
  return n;
}

/**
 * Reads DNSCOVE_ROOT_HINTS (parseRootHints; unset = the real root servers),
 * DNSCOVE_CHECK_TIMEOUT_MS (per server and transport, default 2000) and DNSCOVE_PARITY_LIMIT
 * (default 1000). Throws RootHintsError or RangeError naming the variable.
 */
export function loadChecksConfig(env: Readonly<Record<string, string | undefined>>): ChecksConfig {
  return {
    resolver: { rootHints: parseRootHints(env['DNSCOVE_ROOT_HINTS']), timeoutMs: positiveInt(env, 'DNSCOVE_CHECK_TIMEOUT_MS', 2000) },
    parityLimit: positiveInt(env, 'DNSCOVE_PARITY_LIMIT', DEFAULT_PARITY_LIMIT),
  };
}
