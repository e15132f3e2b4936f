// The response rate limiting flags `edge` and `start` share, with their environment twins.
import { RRL_DEFAULTS } from '../../edge/rrl/response-rate-limiter.js';
import type { RrlConfig } from '../../edge/rrl/response-rate-limiter.js';
import { flagOrEnv, UsageError } from './flags.js';
import type { ParsedFlags } from './flags.js';

export const RRL_FLAGS = ['rrl-rate', 'rrl-nxdomain-rate', 'rrl-error-rate', 'rrl-slip'] as const;

export const RRL_USAGE =
  '  response rate limiting (UDP, per client /24 or /56): --rrl-rate N answers a second per name and type (default 200, 0 turns it off),\n' +
  '  --rrl-nxdomain-rate N, --rrl-error-rate N (default: the rate), --rrl-slip N (every Nth held back goes out truncated; default 2)\n' +
  '  (env DNSCOVE_RRL_RATE, DNSCOVE_RRL_NXDOMAIN_RATE, DNSCOVE_RRL_ERROR_RATE, DNSCOVE_RRL_SLIP)\n';

function count(flags: ParsedFlags, flag: string, env: string, fallback: number): number {
  const text = flagOrEnv(flags, flag, env, String(fallback));
  if (!/^[0-9]{1,7}$/.test(text)) throw new UsageError(`--${flag} "${text}" is not a whole number from 0 to 9999999`);
  return Number(text);
}

/** The RRL configuration the flags ask for (NSD's defaults when none is given); undefined when --rrl-rate is 0 (off). */
export function parseRrlFlags(flags: ParsedFlags): RrlConfig | undefined {
  const rate = count(flags, 'rrl-rate', 'DNSCOVE_RRL_RATE', RRL_DEFAULTS.rate);
  if (rate === 0) return undefined;
  return {
    rate,
    nxdomainRate: count(flags, 'rrl-nxdomain-rate', 'DNSCOVE_RRL_NXDOMAIN_RATE', rate),
    errorRate: count(flags, 'rrl-error-rate', 'DNSCOVE_RRL_ERROR_RATE', rate),
    slip: count(flags, 'rrl-slip', 'DNSCOVE_RRL_SLIP', RRL_DEFAULTS.slip),
  };
}

/** How the start-up line names the RRL in force. */
export function describeRrl(rrl: RrlConfig | undefined): string {
  return rrl === undefined ? 'response rate limiting off' : `response rate limiting ${rrl.rate}/s per client prefix (slip ${rrl.slip})`;
}
