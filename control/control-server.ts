// Starts the control plane: database, services, publisher, HTTP listener; and stops it cleanly.
import { startResigner } from './dnssec/resigner.js';
import { startUpdateServer } from './dns-update/update-server.js';
import type { UpdateServer } from './dns-update/update-server.js';
import type { Resigner } from './dnssec/resigner.js';
import type { SigningClock } from './dnssec/zone-signer.js';
import { publishingKeys } from './dnssec/zone-signing-key.js';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startAcmeDns } from './acme/acme-dns/acme-dns-service.js';
import { startAliasRefresher } from './aliases/alias-refresher.js';
import { answerStarting } from './http/answer-starting.js';
import { authenticateRequest } from './http/request-credentials.js';
import { bodyLimits, continueIfItFits, senderOf } from './http/stages/body-reader.js';
import { addOperator } from './store/operators.js';
import { makeDataPrivate } from './store/private-files.js';
import { startPendingSweeper } from './zones/pending-sweeper.js';
import type { PendingSweeper } from './zones/pending-sweeper.js';
import { updateTransferKeys } from './tsig/transfer-keys-writer.js';
import { withheldReason } from './zones/withheld.js';
import type { AliasRefresher } from './aliases/alias-refresher.js';
import { createControlApp } from './app.js';
import { loadOrCreateSessionSecret } from './auth/session-secret.js';
import type { ControlConfig } from './config.js';
import { createLogger } from '../shared/log.js';
import type { Logger } from '../shared/log.js';
import { createLogMailer, createSmtpMailer } from './mail/mailer.js';
import type { Mailer } from './mail/mailer.js';
import { createEdgeFeed } from './edges/edge-feed.js';
import { loadOrCreateSigningKey } from './edges/signing-key.js';
import { createPublisher } from './publish/publisher.js';
import { createSecondaryNotifier } from './secondaries/secondary-notifier.js';
import { createKeyVault } from './dnssec/key-vault.js';
import { catalogOrigin, catalogTenants, refreshCatalog } from './secondaries/catalog-zone.js';
import type { Services } from './services.js';
import { createMetrics } from './http/metrics.js';
import type { MetricsSource } from './http/metrics.js';
import { openDatabase } from './store/database.js';
import type { Name } from '../shared/dns/name.js';


/** A header as one string (the first of repeated ones), or undefined. */
function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
export const DATABASE_FILE = 'dnscove.sqlite';

/** How long requests in flight may take to finish once the control plane stops. */
const CLOSE_GRACE_MS = 1_000;

export interface StartControlOptions {
  readonly config: ControlConfig;
  /** Runs after every snapshot write or removal (e.g. the embedded edge's reload), naming the zones written. */
  readonly onPublished?: (origins?: readonly Name[]) => Promise<void>;
  /** Defaults to JSON lines on stderr. */
  readonly log?: Logger;
  /** Replaces the mailer chosen from the config (tests). */
  readonly mailer?: Mailer;
  /** The clock (tests). */
  readonly now?: () => Date;
  /** Metrics shown on /metrics beside the control plane's own (the embedded edge's). */
  readonly metricsBeside?: readonly MetricsSource[];
  /** An edge started with the control plane serves each publish (onPublished reloads it): it counts as one of every zone's nameservers. */
  readonly embeddedEdge?: boolean;
}

export interface RunningControl {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  /** Keeps ALIAS owners' addresses current (refreshDue runs a round now). */
  readonly aliases: AliasRefresher;
  /** Withholds zones left undelegated past DNSCOVE_PENDING_DAYS (sweep runs a round now). */
  readonly pending: PendingSweeper;
  /** Renews DNSSEC signatures before they expire (renewDue runs a round now). */
  readonly resigner: Resigner;
  /** The RFC 2136 update port, when config.update asks for one. */
  readonly update: UpdateServer | undefined;
  /** Stops listening (dropping idle keep-alive connections), stops the publisher, closes mail and the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens `<dataDir>/dnscove.sqlite` (running migrations), loads or creates the session secret,
 * builds Services with the publisher (which starts reconciling snapshots with the database),
 * and listens on httpHost:httpPort (port 0: any free port; the URL says which). A public URL
 * derived from port 0 is rewritten to the real port.
 */
export async function startControl(options: StartControlOptions): Promise<RunningControl> {
  const log = options.log ?? createLogger({ level: options.config.logLevel });
  let config = options.config;
  // Before anything is written there: the directory is created private, or made so.
  const dbFile = path.join(config.dataDir, DATABASE_FILE);
  const tightened = makeDataPrivate(dbFile);
  if (tightened.length > 0) log.warn('control: the data was readable by other users of this machine; made private to this user', { files: tightened });
  if (config.sessionSecret === undefined) config = { ...config, sessionSecret: loadOrCreateSessionSecret(config.dataDir) };
  const db = openDatabase(dbFile);
  if (config.operator !== undefined) addOperator(db, config.operator, new Date().toISOString());
  const server = http.createServer();
  // Answered from the moment it listens: 503 until the routes are attached below.
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = answerStarting;
  let handleContinue: (req: http.IncomingMessage, res: http.ServerResponse) => void = answerStarting;
  server.on('request', (req, res) => handle(req, res));
  server.on('checkContinue', (req, res) => handleContinue(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.httpPort, config.httpHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    db.close();
    throw new Error(`control: cannot listen on ${config.httpHost}:${config.httpPort}: ${(err as Error).message}`, { cause: err });
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.httpHost.includes(':') ? `[${config.httpHost}]` : config.httpHost;
  const url = `http://${host}:${port}`;
  if (config.httpPort === 0 && /:0$/.test(config.publicUrl)) config = { ...config, publicUrl: url };
  const mailer = options.mailer ?? (config.smtpUrl !== undefined ? createSmtpMailer(config.smtpUrl) : createLogMailer(log));
  const now = options.now ?? (() => new Date());
  const edges = createEdgeFeed({ db, snapshotsDir: config.snapshotsDir, signingKey: loadOrCreateSigningKey(config.dataDir).privateKey, log, now, embeddedEdge: options.embeddedEdge === true });
  const onPublished = options.onPublished;
  const secondaries = createSecondaryNotifier({ db, log, now, operator: config.operatorSecondaries });
  const keyVault = createKeyVault(config.dataDir);
  const signingClock: SigningClock = { now: () => Math.floor(now().getTime() / 1000), random: Math.random };
  const publisher = createPublisher({
    db,
    signingKey: (zoneId, origin) => publishingKeys({ db, keyVault, now }, zoneId, origin),
    signingClock,
    snapshotsDir: config.snapshotsDir,
    log,
    withheld: (zone) => withheldReason(db, zone, config.pendingDays, now()),
    generatedZones: () => catalogTenants(db).map(catalogOrigin),
    // The feed first: a remote edge may then fetch while the embedded edge reloads.
    onPublished: async (written) => {
      await edges.record(written);
      const origins = written?.map((w) => w.origin);
      if (onPublished !== undefined) await onPublished(origins);
      // After the embedded edge serves it: a secondary transfers as soon as it hears.
      secondaries.published(origins);
    },
  });
  // Once startup reconciliation is done (it removes stale files without naming them), the
  // feed compares the whole directory with what it last recorded.
  void publisher.flush().then(() => edges.record()).catch((err: unknown) => log.error('edges: scanning the snapshot directory failed', { err }));
  const services: Services = { db, config, mailer, publisher, edges, secondaries, keyVault, log, metrics: createMetrics(options.metricsBeside), now };
  // The edges' transfer keys as the database has them now (another snapshot directory, or keys from before an upgrade).
  await mkdir(config.snapshotsDir, { recursive: true });
  updateTransferKeys(services);
  // Catalogs as the zones are now (zones withheld or released while stopped included).
  for (const tenantId of catalogTenants(db)) void refreshCatalog(services, tenantId).catch((err: unknown) => log.error('secondaries: writing a catalog zone failed', { tenantId, err }));
  const acmeDns = await startAcmeDns(services);
  const aliases = startAliasRefresher(services);
  const pending = startPendingSweeper(services);
  const resigner = startResigner(services, signingClock);
  let update: UpdateServer | undefined;
  try {
    update = config.update === undefined ? undefined : await startUpdateServer(services, config.update.host, config.update.port);
  } catch (err) {
    // Nothing started so far may outlive the failed start: no listener left answering 503, no open database.
    edges.close();
    resigner.close();
    pending.close();
    await aliases.close();
    await acmeDns.close();
    await publisher.close();
    secondaries.close();
    mailer.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    db.close();
    throw new Error(`control: cannot take updates on ${config.update!.host}:${config.update!.port}: ${(err as Error).message}`, { cause: err });
  }
  const app = createControlApp(services);
  let stopping = false;
  const callback = app.callback();
  handle = (req, res) => {
    // Once stopping, every answer closes its connection, so keep-alive clients let go.
    if (stopping) res.setHeader('Connection', 'close');
    void callback(req, res);
  };
  handleContinue = continueIfItFits(bodyLimits(config), (req) => senderOf(authenticateRequest(services, (req.url ?? '/').split('?')[0]!, (name) => firstHeader(req.headers[name]))), handle);
  log.info('control plane listening', { url });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    services,
    aliases,
    pending,
    resigner,
    update,
    close() {
      closing ??= (async () => {
        stopping = true;
        // Held long-polls would keep server.close() waiting for up to 30 s.
        edges.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A connection its client keeps reusing (a remote edge's) is never idle: answers in
          // flight get a moment, then every connection is closed.
          setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        });
        await acmeDns.close();
        await aliases.close();
        pending.close();
        resigner.close();
        await update?.close();
        await publisher.close();
        secondaries.close();
        mailer.close();
        db.close();
      })();
      return closing;
    },
  };
}
