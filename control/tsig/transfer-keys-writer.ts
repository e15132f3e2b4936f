// Keeps the edges' transfer keys file (shared/transfer/transfer-keys-file.ts) in step with the
// keys and zones: rewritten when a key is minted or deleted, and when a zone is created or
// deleted in a tenant whose keys cover every zone.
import { renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';
import { encodeTransferKeys, EVERY_ZONE, TRANSFER_KEYS_FILE } from '../../shared/transfer/transfer-keys-file.js';
import type { OperatorSecondaries } from '../secondaries/operator-secondaries.js';
import { allTsigKeys } from '../store/tsig-keys.js';
import { findZone, listZones } from '../store/zones.js';
import { catalogOrigin } from '../secondaries/catalog-zone.js';
import type { Services } from '../services.js';

/** Scopes that may transfer: a zone-admin key may read its zone whole anyway. */
const MAY_TRANSFER = new Set(['transfer', 'zone-admin']);

/** Writes the file for every key that may transfer, and the operator's secondaries' key (temp file, mode 0600, then rename: an edge sees the old file or the new). */
export function writeTransferKeys(db: Database, snapshotsDir: string, operator: OperatorSecondaries | undefined): void {
  const keys = allTsigKeys(db)
    .filter((k) => MAY_TRANSFER.has(k.scope))
    .map((k) => {
      // A tenant-wide transfer key transfers the tenant's catalog zone too.
      const zones: Name[] =
        k.zoneId === null
          ? [...listZones(db, k.tenantId).map((z) => z.origin), ...(k.scope === 'transfer' ? [catalogOrigin(k.tenantId)] : [])]
          : [findZone(db, k.zoneId)?.origin].filter((o): o is Name => o !== undefined);
      return { name: k.name, algorithm: k.algorithm, secret: k.secret, zones };
    });
  const operatorKey = operator === undefined ? [] : [{ name: operator.key.name, algorithm: operator.key.algorithm, secret: operator.key.secret.toString('base64'), zones: EVERY_ZONE as typeof EVERY_ZONE }];
  const temp = join(snapshotsDir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  writeFileSync(temp, encodeTransferKeys([...keys, ...operatorKey]), { mode: 0o600 });
  renameSync(temp, join(snapshotsDir, TRANSFER_KEYS_FILE));
}

/** Writes the file and announces it to remote edges (they fetch it through their feed). */
export function updateTransferKeys(services: Pick<Services, 'db' | 'config' | 'edges'>): void {
  writeTransferKeys(services.db, services.config.snapshotsDir, services.config.operatorSecondaries);
  services.edges.recordTransferKeys();
}

/**
 * Whether creating or deleting zone `zoneId` of `tenantId` changes the file: when a key of the
 * tenant covers every zone, or one is bound to that zone. Ask before a deletion (its keys go with it).
 */
export function zoneChangesTransferKeys(db: Database, tenantId: string, zoneId: string): boolean {
  return allTsigKeys(db).some((k) => k.tenantId === tenantId && MAY_TRANSFER.has(k.scope) && (k.zoneId === null || k.zoneId === zoneId));
}
