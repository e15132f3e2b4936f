// Withholds, once an hour, the zones that have just outstayed DNSCOVE_PENDING_DAYS without being delegated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotFileName } from '../../shared/snapshot/snapshot-file.js';
import type { Services } from '../services.js';
import { listAllZones } from '../store/zones.js';
import { withheldReason } from './withheld.js';

const SWEEP_MS = 3_600_000;

export interface PendingSweeper {
  /** Withholds every zone now past the limit that is still served; resolves with how many. */
  sweep(): Promise<number>;
  close(): void;
}

/**
 * Every hour, publishes each zone that is past DNSCOVE_PENDING_DAYS without a delegation and
 * still has its files: the publisher then withholds it (withheld.ts). At start the publisher's
 * own reconciliation does the same, and a delegation check that finds the zone delegated
 * publishes it again.
 */
export function startPendingSweeper(services: Services): PendingSweeper {
  const sweep = async (): Promise<number> => {
    const due = listAllZones(services.db).filter(
      (z) => withheldReason(services.db, z, services.config.pendingDays, services.now()) === 'not delegated in time' && existsSync(join(services.config.snapshotsDir, snapshotFileName(z.origin))),
    );
    for (const zone of due) await services.publisher.publishNow(zone.id).catch((err: unknown) => services.log.error('zones: withholding an undelegated zone failed', { zoneId: zone.id, err }));
    return due.length;
  };
  const timer = setInterval(() => void sweep(), SWEEP_MS);
  timer.unref();
  return { sweep, close: () => clearInterval(timer) };
}
