// What the next publish of a zone changes: the API's dry-run publish (POST …/publish {"dry_run": true}).
import { request } from './api.js';
import { readPublishPreview } from './api-types.js';
import type { PendingChange, Zone } from './api-types.js';

/**
 * The RRsets the next publish of `zone` changes, as the server works them out from what the
 * edges serve and the committed records (an SOA that differs only by serial is no change).
 */
export async function pendingChanges(zone: Zone): Promise<PendingChange[]> {
  return readPublishPreview(await request('POST', `/api/zones/${encodeURIComponent(zone.id)}/publish`, { dry_run: true })).changes;
}
