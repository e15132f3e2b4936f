// The control plane's configuration, parsed from the environment in this one place.
import { logLevelFrom } from '../shared/log.js';
import type { LogLevel } from '../shared/log.js';
import path from 'node:path';
import { parseSignupPolicy, SignupPolicyError } from './auth/signup-policy.js';
import type { SignupPolicy } from './auth/signup-policy.js';
import { loadChecksConfig } from './checks/checks-config.js';
import type { ChecksConfig } from './checks/checks-config.js';
import { parseName, labelCount, type Name } from '../shared/dns/name.js';
import { parseOperatorSecondaries } from './secondaries/operator-secondaries.js';
import type { OperatorSecondaries } from './secondaries/operator-secondaries.js';

export interface ControlConfig {
  /** Directory for the SQLite file, the session secret and (by default) snapshots. */
  readonly dataDir: string;
  readonly httpHost: string;
  /** 0 asks the OS for a free port (tests). */
  readonly httpPort: number;
  /** Apex NS names every new zone gets (DNSCOVE_NS, comma-separated). */
  readonly nameservers: readonly Name[];
  /** The SOA RNAME of every zone (DNSCOVE_HOSTMASTER). */
  readonly hostmaster: Name;
  /** Where RFC 2136 updates are taken (DNSCOVE_UPDATE, HOST:PORT, UDP and TCP); absent: nowhere. Port 0: a free one (tests). */
  readonly update?: { readonly host: string; readonly port: number };
  /** Dev mode: magic-link answers carry dev_token/dev_link and the link is logged. */
  readonly devMode: boolean;
  /** smtp://host:port (or smtps://); absent → mail is only logged (dev mode). */
  readonly smtpUrl?: string;
  /** The base URL that links in mail point to, without a trailing slash. */
  readonly publicUrl: string;
  readonly sessionTtlSeconds: number;
  /** Where published snapshots are written (where the edge reads). */
  readonly snapshotsDir: string;
  /** The HMAC key for sessions; when absent, startControl loads or creates <data>/session-secret. */
  readonly sessionSecret?: string;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** Largest accepted body of the import routes (DNSCOVE_IMPORT_BODY_LIMIT, bytes): a zone of a million records. */
  readonly importBodyLimitBytes: number;
  /** The most all request bodies being read at once may hold (DNSCOVE_BODY_MEMORY, bytes); at least importBodyLimitBytes. */
  readonly bodyMemoryBytes: number;
  /** The zone acme-dns registrations live in (DNSCOVE_ACME_DNS_ZONE), created at start. */
  readonly acmeDnsZone: Name;
  /** How long an acme-dns /update value is served (DNSCOVE_ACME_DNS_TTL, seconds). */
  readonly acmeDnsValueSeconds: number;
  /** Delegation and parity checks: root hints, per-server timeout, parity limit. */
  readonly checks: ChecksConfig;
  /** How long publish and ACME answers wait for connected remote edges to serve the change (DNSCOVE_SYNC_TIMEOUT_MS). */
  readonly syncTimeoutMs: number;
  /** The operator's secondaries of every zone (DNSCOVE_SECONDARIES, DNSCOVE_SECONDARIES_KEY). */
  readonly operatorSecondaries: OperatorSecondaries | undefined;
  /** The lowest level logged (DNSCOVE_LOG_LEVEL, default info). */
  readonly logLevel: LogLevel;
  /** Who may open an account by signing in (DNSCOVE_SIGNUP). */
  readonly signup: SignupPolicy;
  /** An address made an operator at start (DNSCOVE_OPERATOR), lower-cased. */
  readonly operator?: string;
  /** Days a zone may stay PENDING_VERIFICATION and still be served (DNSCOVE_PENDING_DAYS; 0: no limit). */
  readonly pendingDays: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_NAMESERVERS = 'ns1.dnscove.invalid.,ns2.dnscove.invalid.';
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** A million-record Route 53 export is about 150 MB of JSON. */
export const DEFAULT_IMPORT_BODY_LIMIT_BYTES = 256 * 1024 * 1024;
export const DEFAULT_ACME_DNS_ZONE = 'acme-dns.dnscove.invalid.';
export const DEFAULT_ACME_DNS_VALUE_SECONDS = 3600;
export const DEFAULT_SYNC_TIMEOUT_MS = 5000;

type Env = Readonly<Record<string, string | undefined>>;

function parseListen(text: string, variable: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):([0-9]{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`config: ${variable} "${text}" is not HOST:PORT`);
  return { host: (m[1] ?? m[2])!, port };
}

function parseNameList(text: string, what: string): Name[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new ConfigError(`config: ${what} is empty`);
  return names.map((s) => {
    try {
      const name = parseName(s.endsWith('.') ? s : s + '.');
      if (labelCount(name) < 2) throw new ConfigError(`config: ${what}: "${s}" needs at least two labels`);
      return name;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(`config: ${what}: "${s}" is not a valid name`, { cause: err });
    }
  });
}

export const DEFAULT_PENDING_DAYS = 30;

function pendingDaysFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PENDING_DAYS;
  if (!/^[0-9]{1,5}$/.test(text)) throw new ConfigError(`config: DNSCOVE_PENDING_DAYS "${text}" is not a number of days (0: no limit)`);
  return Number(text);
}

function operatorFrom(text: string | undefined): { operator?: string } {
  if (text === undefined || text.trim() === '') return {};
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text.trim())) throw new ConfigError(`config: DNSCOVE_OPERATOR "${text}" is not an e-mail address`);
  return { operator: text.trim().toLowerCase() };
}

function signupFrom(text: string | undefined, mailsToTheWorld: boolean): SignupPolicy {
  try {
    return parseSignupPolicy(text, mailsToTheWorld);
  } catch (err) {
    if (err instanceof SignupPolicyError) throw new ConfigError(`config: ${err.message}`);
    throw err;
  }
}

function checksFrom(env: Env): ChecksConfig {
  try {
    return loadChecksConfig(env);
  } catch (err) {
    throw new ConfigError(`config: ${(err as Error).message}`, { cause: err });
  }
}

function flag(text: string | undefined): boolean {
  return text !== undefined && /^(1|true|yes|on)$/i.test(text);
}

function configLogLevel(env: Env): LogLevel {
  try {
    return logLevelFrom(env);
  } catch (err) {
    throw new ConfigError(`config: ${(err as Error).message}`, { cause: err });
  }
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower) || /^::ffff:127\./.test(lower);
}

function operatorSecondariesFrom(env: Env): OperatorSecondaries | undefined {
  try {
    return parseOperatorSecondaries(env['DNSCOVE_SECONDARIES'], env['DNSCOVE_SECONDARIES_KEY']);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** True when dev mode (login links handed to the caller) is reachable from other machines: allowed only with DNSCOVE_DEV=1, and then warned about at start. */
export function devModeExposed(config: ControlConfig): boolean {
  return config.devMode && !isLoopbackHost(config.httpHost);
}

/**
 * Builds the configuration from environment variables (DNSCOVE_HTTP, DNSCOVE_DATA, DNSCOVE_NS,
 * DNSCOVE_HOSTMASTER, SMTP_URL, DNSCOVE_DEV, DNSCOVE_PUBLIC_URL, DNSCOVE_SESSION_SECRET,
 * DNSCOVE_SESSION_TTL, DNSCOVE_SNAPSHOTS, DNSCOVE_ACME_DNS_ZONE, DNSCOVE_ACME_DNS_TTL,
 * DNSCOVE_ROOT_HINTS, DNSCOVE_CHECK_TIMEOUT_MS, DNSCOVE_PARITY_LIMIT, DNSCOVE_SYNC_TIMEOUT_MS, DNSCOVE_SECONDARIES,
 * DNSCOVE_SECONDARIES_KEY, DNSCOVE_UPDATE), then applies `overrides`
 * (flags, tests). Dev mode is on when there is no SMTP_URL or DNSCOVE_DEV=1. Throws ConfigError naming the bad variable.
 */
export function loadControlConfig(env: Env, overrides: Partial<ControlConfig> = {}): ControlConfig {
  const http = parseListen(env['DNSCOVE_HTTP'] ?? '127.0.0.1:8080', 'DNSCOVE_HTTP');
  const update = 'update' in overrides ? overrides.update : env['DNSCOVE_UPDATE'] === undefined || env['DNSCOVE_UPDATE'] === '' ? undefined : parseListen(env['DNSCOVE_UPDATE'], 'DNSCOVE_UPDATE');
  const httpHost = overrides.httpHost ?? http.host;
  const httpPort = overrides.httpPort ?? http.port;
  const dataDir = path.resolve(overrides.dataDir ?? env['DNSCOVE_DATA'] ?? './data');
  const smtpUrl = 'smtpUrl' in overrides ? overrides.smtpUrl : env['SMTP_URL'] || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError(`config: SMTP_URL "${smtpUrl}" is not smtp://host:port`);
  const ttlText = env['DNSCOVE_SESSION_TTL'];
  const ttl = ttlText === undefined ? DEFAULT_SESSION_TTL_SECONDS : Number(ttlText);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new ConfigError(`config: DNSCOVE_SESSION_TTL "${ttlText}" is not a positive number of seconds`);
  const acmeTtlText = env['DNSCOVE_ACME_DNS_TTL'];
  const acmeTtl = acmeTtlText === undefined ? DEFAULT_ACME_DNS_VALUE_SECONDS : Number(acmeTtlText);
  if (!Number.isInteger(acmeTtl) || acmeTtl <= 0) throw new ConfigError(`config: DNSCOVE_ACME_DNS_TTL "${acmeTtlText}" is not a positive number of seconds`);
  const syncText = env['DNSCOVE_SYNC_TIMEOUT_MS'];
  const syncTimeoutMs = syncText === undefined ? DEFAULT_SYNC_TIMEOUT_MS : Number(syncText);
  if (!/^[0-9]{1,7}$/.test(syncText ?? '0')) throw new ConfigError(`config: DNSCOVE_SYNC_TIMEOUT_MS "${syncText}" is not a number of milliseconds (0 to 9999999)`);
  const importLimitText = env['DNSCOVE_IMPORT_BODY_LIMIT'];
  const importBodyLimitBytes = importLimitText === undefined ? DEFAULT_IMPORT_BODY_LIMIT_BYTES : Number(importLimitText);
  if (!/^[0-9]{1,10}$/.test(importLimitText ?? '0') || importBodyLimitBytes < 1) throw new ConfigError(`config: DNSCOVE_IMPORT_BODY_LIMIT "${importLimitText}" is not a number of bytes`);
  const memoryText = env['DNSCOVE_BODY_MEMORY'];
  const limitForImports = overrides.importBodyLimitBytes ?? importBodyLimitBytes;
  const bodyMemoryBytes = overrides.bodyMemoryBytes ?? (memoryText === undefined ? 2 * limitForImports : Number(memoryText));
  if (memoryText !== undefined && !/^[0-9]{1,12}$/.test(memoryText)) throw new ConfigError(`config: DNSCOVE_BODY_MEMORY "${memoryText}" is not a number of bytes`);
  if (bodyMemoryBytes < limitForImports) throw new ConfigError(`config: DNSCOVE_BODY_MEMORY (${bodyMemoryBytes}) is less than DNSCOVE_IMPORT_BODY_LIMIT (${limitForImports}): no import could ever be read`);
  const urlHost = httpHost.includes(':') ? `[${httpHost}]` : httpHost;
  const publicUrl = (overrides.publicUrl ?? env['DNSCOVE_PUBLIC_URL'] ?? `http://${urlHost}:${httpPort}`).replace(/\/+$/, '');
  const secret = overrides.sessionSecret ?? env['DNSCOVE_SESSION_SECRET'];
  if (secret !== undefined && secret !== '' && secret.length < 32) throw new ConfigError('config: DNSCOVE_SESSION_SECRET must be at least 32 characters');
  const config: ControlConfig = {
    dataDir,
    httpHost,
    httpPort,
    nameservers: overrides.nameservers ?? parseNameList(env['DNSCOVE_NS'] ?? DEFAULT_NAMESERVERS, 'DNSCOVE_NS'),
    hostmaster: overrides.hostmaster ?? parseNameList(env['DNSCOVE_HOSTMASTER'] ?? 'hostmaster.dnscove.invalid.', 'DNSCOVE_HOSTMASTER')[0]!,
    devMode: overrides.devMode ?? (smtpUrl === undefined || flag(env['DNSCOVE_DEV'])),
    publicUrl,
    sessionTtlSeconds: overrides.sessionTtlSeconds ?? ttl,
    snapshotsDir: path.resolve(overrides.snapshotsDir ?? env['DNSCOVE_SNAPSHOTS'] ?? path.join(dataDir, 'snapshots')),
    bodyLimitBytes: overrides.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    importBodyLimitBytes: limitForImports,
    bodyMemoryBytes,
    acmeDnsZone: overrides.acmeDnsZone ?? parseNameList(env['DNSCOVE_ACME_DNS_ZONE'] ?? DEFAULT_ACME_DNS_ZONE, 'DNSCOVE_ACME_DNS_ZONE')[0]!,
    acmeDnsValueSeconds: overrides.acmeDnsValueSeconds ?? acmeTtl,
    checks: overrides.checks ?? checksFrom(env),
    syncTimeoutMs: overrides.syncTimeoutMs ?? syncTimeoutMs,
    operatorSecondaries: 'operatorSecondaries' in overrides ? overrides.operatorSecondaries : operatorSecondariesFrom(env),
    logLevel: overrides.logLevel ?? configLogLevel(env),
    pendingDays: overrides.pendingDays ?? pendingDaysFrom(env['DNSCOVE_PENDING_DAYS']),
    signup: overrides.signup ?? signupFrom(env['DNSCOVE_SIGNUP'], smtpUrl !== undefined && !isLoopbackHost(httpHost)),
    ...(smtpUrl === undefined ? {} : { smtpUrl }),
    ...(update === undefined ? {} : { update }),
    ...operatorFrom(overrides.operator ?? env['DNSCOVE_OPERATOR']),
    ...(secret === undefined || secret === '' ? {} : { sessionSecret: secret }),
  };
  // Dev mode answers every login request with the link itself: on an address others can
  // reach, anyone could sign in as anyone. Only an explicit DNSCOVE_DEV=1 (or override) allows it.
  if (devModeExposed(config) && overrides.devMode === undefined && !flag(env['DNSCOVE_DEV'])) {
    throw new ConfigError(
      `config: dev mode (no SMTP_URL) hands a login link to whoever asks, so it is refused on ${httpHost}, which other machines can reach: set SMTP_URL, listen on 127.0.0.1, or set DNSCOVE_DEV=1 to accept the risk`,
    );
  }
  return config;
}
