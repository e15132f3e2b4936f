// Keeps every signed zone's signatures from expiring: once a minute, each zone with a signature
// due for renewal has its due signatures renewed by the publisher (Publisher.resign), whether
// or not anything in the zone changed.
import type { Services } from '../services.js';
import { zonesDueForResigning } from '../store/dnssec-state.js';
import type { SigningClock } from './zone-signer.js';

const ROUND_MS = 60_000;
/** Zones renewed per round; more wait for the next. */
const ZONES_PER_ROUND = 1_000;

export interface Resigner {
  /** Renews what is due now; resolves with how many RRsets were signed again. */
  renewDue(): Promise<number>;
  close(): void;
}

export function startResigner(services: Pick<Services, 'db' | 'publisher' | 'log'>, clock: SigningClock): Resigner {
  let running: Promise<number> | undefined;
  const round = async (): Promise<number> => {
    let renewed = 0;
    for (const zoneId of zonesDueForResigning(services.db, clock.now(), ZONES_PER_ROUND)) {
      renewed += await services.publisher.resign(zoneId).catch((err: unknown) => {
        services.log.error('dnssec: renewing signatures failed, will retry', { zoneId, err });
        return 0;
      });
    }
    return renewed;
  };
  const renewDue = (): Promise<number> => (running ??= round().finally(() => (running = undefined)));
  const timer = setInterval(() => void renewDue(), ROUND_MS);
  timer.unref();
  return { renewDue, close: () => clearInterval(timer) };
}
