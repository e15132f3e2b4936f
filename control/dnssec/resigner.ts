// Keeps every signed zone's signatures from expiring and its key rollovers moving: once a
// minute, each zone with a signature due for renewal has its due signatures renewed by the
// publisher (Publisher.resign), whether or not anything in the zone changed; then each key
// rollover whose wait is over takes its next step (control/dnssec/key-rollover.ts).
import type { Services } from '../services.js';
import { rolloversDue } from '../store/dnssec-rollovers.js';
import { zonesDueForResigning } from '../store/dnssec-state.js';
import { advanceRollover, PARENT_ASK_INTERVAL } from './key-rollover.js';
import type { SigningClock } from './zone-signer.js';

const ROUND_MS = 60_000;
/** Zones renewed per round; more wait for the next. */
const ZONES_PER_ROUND = 1_000;

export interface Resigner {
  /** Renews what is due now; resolves with how many RRsets were signed again. */
  renewDue(): Promise<number>;
  /** Takes each key rollover due now one step on; resolves with how many moved. */
  stepRollovers(): Promise<number>;
  close(): void;
}

/** Runs `work` unless a run of it is under way, whose promise it then shares. */
function single(work: () => Promise<number>): () => Promise<number> {
  let running: Promise<number> | undefined;
  return () => (running ??= work().finally(() => (running = undefined)));
}

export function startResigner(services: Services, clock: SigningClock): Resigner {
  const renewDue = single(async () => {
    let renewed = 0;
    for (const zoneId of zonesDueForResigning(services.db, clock.now(), ZONES_PER_ROUND)) {
      renewed += await services.publisher.resign(zoneId).catch((err: unknown) => {
        services.log.error('dnssec: renewing signatures failed, will retry', { zoneId, err });
        return 0;
      });
    }
    return renewed;
  });
  const stepRollovers = single(async () => {
    let moved = 0;
    const now = clock.now();
    for (const zoneId of rolloversDue(services.db, now, now - PARENT_ASK_INTERVAL)) {
      const step = await advanceRollover(services, zoneId).catch((err: unknown) => {
        services.log.error('dnssec: a key rollover step failed, will retry', { zoneId, err });
        return false;
      });
      if (step) moved++;
    }
    return moved;
  });
  const timer = setInterval(() => void renewDue().then(stepRollovers), ROUND_MS);
  timer.unref();
  return { renewDue, stepRollovers, close: () => clearInterval(timer) };
}
