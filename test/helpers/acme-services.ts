// Services over a real SQLite file and snapshot directory in a temp dir, without HTTP or an edge, for ACME domain tests.
import { createMetrics } from '../../control/http/metrics.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadControlConfig } from '../../control/config.js';
import type { ControlConfig } from '../../control/config.js';
import type { Logger } from '../../shared/log.js';
import { silentLogger } from '../../shared/log.js';
import { createLogMailer } from '../../control/mail/mailer.js';
import { createEdgeFeed } from '../../control/edges/edge-feed.js';
import { loadOrCreateSigningKey } from '../../control/edges/signing-key.js';
import { createPublisher } from '../../control/publish/publisher.js';
import { createSecondaryNotifier } from '../../control/secondaries/secondary-notifier.js';
import { createKeyVault } from '../../control/dnssec/key-vault.js';
import type { Services } from '../../control/services.js';
import { openDatabase } from '../../control/store/database.js';
import type { Name } from '../../shared/dns/name.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';

export interface TestServices {
  readonly services: Services;
  /** The zone's published snapshot, decoded. */
  snapshot(origin: Name): Promise<ZoneContent>;
  /** Closes the publisher and the database and removes the directory. */
  close(): Promise<void>;
}

/** Services as startControl builds them (dev mode, `overrides` applied), with `log` (silent by default). */
export function createTestServices(overrides: Partial<ControlConfig> = {}, log: Logger = silentLogger): TestServices {
  const dir = mkdtempSync(join(tmpdir(), 'dnscove-acme-services-'));
  const config = loadControlConfig({}, { dataDir: dir, devMode: true, ...overrides });
  const db = openDatabase(join(dir, 'dnscove.sqlite'));
  const publisher = createPublisher({ db, snapshotsDir: config.snapshotsDir, log });
  const services: Services = { db, config, mailer: createLogMailer(log), publisher, edges: createEdgeFeed({ db, snapshotsDir: config.snapshotsDir, signingKey: loadOrCreateSigningKey(dir).privateKey, log, now: () => new Date() }), keyVault: createKeyVault(dir), secondaries: createSecondaryNotifier({ db, log, now: () => new Date() }), log, metrics: createMetrics(), now: () => new Date() };
  return {
    services,
    snapshot: async (origin) => readPublishedContent(config.snapshotsDir, origin),
    async close() {
      await publisher.close();
      services.secondaries.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
