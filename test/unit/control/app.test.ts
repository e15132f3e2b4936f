// Unit: the request lifecycle is the documented list of named stages, in order.
import { createMetrics } from '../../../control/http/metrics.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlStages } from '../../../control/app.js';
import { loadControlConfig } from '../../../control/config.js';
import { silentLogger } from '../../../shared/log.js';
import { createLogMailer } from '../../../control/mail/mailer.js';
import { createEdgeFeed } from '../../../control/edges/edge-feed.js';
import { loadOrCreateSigningKey } from '../../../control/edges/signing-key.js';
import { createPublisher } from '../../../control/publish/publisher.js';
import { createSecondaryNotifier } from '../../../control/secondaries/secondary-notifier.js';
import { createKeyVault } from '../../../control/dnssec/key-vault.js';
import { openDatabase } from '../../../control/store/database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-app-'));
const config = loadControlConfig({}, { dataDir: dir });
const db = openDatabase(path.join(dir, 'app.sqlite'));
const publisher = createPublisher({ db, snapshotsDir: config.snapshotsDir, log: silentLogger });

afterAll(async () => {
  await publisher.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('controlStages', () => {
  it('runs request-log, the error boundary, authentication, body (limited by sender), routes and not-found, in that order', () => {
    const services = { db, config, mailer: createLogMailer(silentLogger), publisher, edges: createEdgeFeed({ db, snapshotsDir: config.snapshotsDir, signingKey: loadOrCreateSigningKey(dir).privateKey, log: silentLogger, now: () => new Date() }), keyVault: createKeyVault(dir), secondaries: createSecondaryNotifier({ db, log: silentLogger, now: () => new Date() }), log: silentLogger, metrics: createMetrics(), now: () => new Date() };
    expect(controlStages(services, []).map((s) => s.name)).toEqual(['request-log', 'error-boundary', 'authentication', 'body', 'routes', 'not-found']);
  });
});
