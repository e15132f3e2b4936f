// The dependencies every route handler and domain function receives, built once per server.
import type { Database } from 'better-sqlite3';
import type { ControlConfig } from './config.js';
import type { EdgeFeed } from './edges/edge-feed.js';
import type { Logger } from '../shared/log.js';
import type { Mailer } from './mail/mailer.js';
import type { Publisher } from './publish/publisher.js';
import type { Metrics } from './http/metrics.js';
import type { SecondaryNotifier } from './secondaries/secondary-notifier.js';
import type { KeyVault } from './dnssec/key-vault.js';

/** Everything a request may use. `now()` is the clock (tests may substitute one). */
export interface Services {
  readonly db: Database;
  readonly config: ControlConfig;
  readonly mailer: Mailer;
  readonly publisher: Publisher;
  /** The feed remote edges replicate snapshots from, and what they report. */
  readonly edges: EdgeFeed;
  /** NOTIFY to the zones' secondaries after each publish, and what they answered. */
  readonly secondaries: SecondaryNotifier;
  /** Seals and opens zones' DNSSEC private keys (control/dnssec/key-vault.ts). */
  readonly keyVault: KeyVault;
  readonly log: Logger;
  /** What GET /metrics shows. */
  readonly metrics: Metrics;
  now(): Date;
}
