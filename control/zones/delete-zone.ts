// Deletes a zone, its RRsets, its tokens, its TSIG keys and its snapshot, so the edge stops answering for it.
import { recordAudit } from '../audit/record-audit.js';
import { updateTransferKeys, zoneChangesTransferKeys } from '../tsig/transfer-keys-writer.js';
import { zoneSetChanged } from '../secondaries/catalog-zone.js';
import { NotFoundError } from '../errors/catalogue.js';
import { refreshSignals } from '../dnssec/bootstrap-signals.js';
import type { Services } from '../services.js';
import { revokeZoneTokens } from '../store/tokens.js';
import { deleteZone as deleteZoneRow } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * Deletes the zone and its RRsets and revokes its zone-bound tokens (a zone created later with
 * the same origin must not inherit them) in one transaction with the audit entry, then removes its
 * snapshot file and resolves once the in-process edge has reloaded (it then answers REFUSED).
 * A zone deleted concurrently gives NotFoundError. If the file removal fails the startup
 * reconciliation removes it later; the error still propagates.
 */
export async function deleteZone(services: Services, zone: ZoneRow, actor: string): Promise<void> {
  const { db } = services;
  const keysChange = zoneChangesTransferKeys(db, zone.tenantId, zone.id);
  refreshSignals(services, zone.id, true);
  db.transaction(() => {
    if (!deleteZoneRow(db, zone.id)) throw new NotFoundError(`Zone ${zone.id}`);
    const revokedTokens = revokeZoneTokens(db, zone.id, services.now().toISOString());
    recordAudit(db, {
      tenantId: zone.tenantId,
      actor,
      action: 'zone.delete',
      target: zone.origin,
      before: { id: zone.id, origin: zone.origin, serial: zone.serial },
      after: { revoked_tokens: revokedTokens },
    });
  })();
  if (keysChange) updateTransferKeys(services);
  await services.publisher.remove(zone.origin);
  await zoneSetChanged(services, zone.tenantId);
}
