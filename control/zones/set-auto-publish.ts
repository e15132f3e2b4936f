// Turns a zone's auto-publish on or off.
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { findZone, setAutoPublish as setAutoPublishRow } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * Sets `auto_publish`. With it on (the default) every record change is published within a
 * second; with it off changes are staged until `POST /api/zones/{id}/publish`. Turning it on
 * publishes any staged changes right away. Idempotent; audited as "zone.update" when changed.
 */
export function setAutoPublish(services: Services, zone: ZoneRow, actor: string, autoPublish: boolean): ZoneRow {
  const { db } = services;
  const updated = db.transaction(() => {
    const current = findZone(db, zone.id);
    if (current === undefined) throw new NotFoundError(`Zone ${zone.id}`);
    if (current.autoPublish === autoPublish) return current;
    setAutoPublishRow(db, zone.id, autoPublish, services.now().toISOString());
    recordAudit(db, { tenantId: zone.tenantId, actor, action: 'zone.update', target: zone.origin, before: { auto_publish: current.autoPublish }, after: { auto_publish: autoPublish } });
    return findZone(db, zone.id) ?? current;
  })();
  if (updated.autoPublish && updated.publishedSerial < updated.serial) services.publisher.schedule(zone.id);
  return updated;
}
