// The API's answers as the console uses them: types derived from the JSON Schemas in
// shared/schemas/ (keys in camelCase), each with the reader that parses it from untrusted JSON.
import type { AuditPageJson } from '../../../shared/schemas/audit.js';
import type { MagicLinkResponse } from '../../../shared/schemas/auth.js';
import type { DelegationResponse, ParityResponse } from '../../../shared/schemas/checks.js';
import type { EdgeList } from '../../../shared/schemas/edges.js';
import type { ImportNoteJson, ImportProgressItemJson, ImportResponse } from '../../../shared/schemas/import.js';
import type { MembersJson } from '../../../shared/schemas/members.js';
import type { RRsetJson } from '../../../shared/schemas/records.js';
import type { MintedTokenJson, TokenJson } from '../../../shared/schemas/tokens.js';
import type { PublishPreview, ZoneJson } from '../../../shared/schemas/zones.js';
import type { ZoneSecondariesJson } from '../../../shared/schemas/secondaries.js';
import type { ZoneDnssecJson } from '../../../shared/schemas/dnssec.js';
import type { Camelized } from './camelized.js';
import { bool, DecodeError, list, num, numOrNull, object, optStr, str, strings, strOrNull } from './decode.js';

export type Zone = Camelized<ZoneJson>;
/** GET /api/zones/{id}/secondaries: each secondary with the serial it serves now. */
export type ZoneSecondaries = Camelized<ZoneSecondariesJson>;
export type Secondary = ZoneSecondaries['secondaries'][number];
/** GET /api/zones/{id}/dnssec, the parts the console shows: what to give the registrar. */
export type ZoneDnssec = Pick<Camelized<ZoneDnssecJson>, 'enabled' | 'algorithmName' | 'keyTag' | 'dnskey'> & {
  readonly denial: 'NSEC3' | 'NSEC';
  readonly ds: readonly Pick<Camelized<ZoneDnssecJson['ds'][number]>, 'keyTag' | 'algorithm' | 'digestType' | 'digest' | 'record'>[];
  readonly rollover: Pick<Camelized<NonNullable<ZoneDnssecJson['rollover']>>, 'phase' | 'algorithmName' | 'keyTag' | 'nextStepAt' | 'waitingFor'> | null;
};
/** GET /api/edges: the remote edge processes, and whether the control plane answers DNS too. */
export type Nameservers = Camelized<EdgeList>;
export type EdgeProcess = Nameservers['edges'][number];
/** GET /api/members. */
export type Members = Camelized<MembersJson>;
export type Member = Members['members'][number];
export type Role = Member['role'];
export type RRset = Camelized<RRsetJson>;
export type Scope = TokenJson['scope'];
export type Token = Camelized<TokenJson>;
/** A freshly minted token: the only answer that carries the plaintext (`token`). */
export type MintedToken = Camelized<MintedTokenJson>;
/** An audit entry with its summary's before and after side by side. */
export type AuditEntry = Omit<Camelized<AuditPageJson['entries'][number]>, 'summary'> & { before: unknown; after: unknown };
export type AuditPage = { entries: AuditEntry[]; nextBefore: Camelized<AuditPageJson>['nextBefore'] };
/** Something an import left out or changed, and why. */
export type ImportNote = Camelized<ImportNoteJson>;
export type ImportResult = Camelized<ImportResponse>;
/** One import still running (GET /api/import/progress). */
export type ImportUnderWay = Camelized<ImportProgressItemJson>;
export type Delegation = Camelized<DelegationResponse>;
export type Parity = Camelized<ParityResponse>;
export type Mismatch = NonNullable<Parity['parity']['mismatches']>[number];
/** One RRset that differs between the published zone and the committed one. */
export type PendingChange = Camelized<PublishPreview['changes'][number]>;
/** An RRset's content on one side of the diff; null = absent. */
export type RRsetState = PendingChange['published'];
export type MagicLinkSent = Camelized<MagicLinkResponse>;

/** `o[key]` when it is one of `values`, else DecodeError. */
function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[]): T {
  const v = str(o, key);
  const found = values.find((x) => x === v);
  if (found === undefined) throw new DecodeError(`${key}: ${JSON.stringify(v)} is not one of ${values.join(', ')}`);
  return found;
}

const ZONE_STATUSES = ['PENDING_VERIFICATION', 'ACTIVE'] as const;
const WITHHELD_REASONS = ['account suspended', 'not delegated in time'] as const;

/** A zone object (GET/POST /api/zones, import results). */
export function readZone(value: unknown, what = 'zone'): Zone {
  const o = object(value, what);
  const edges = object(o['edges'], `${what}.edges`);
  return {
    id: str(o, 'id'),
    tenantId: str(o, 'tenant_id'),
    origin: str(o, 'origin'),
    originUnicode: str(o, 'origin_unicode'),
    status: oneOf(o, 'status', ZONE_STATUSES),
    ns: strings(o, 'ns'),
    serial: num(o, 'serial'),
    publishedSerial: num(o, 'published_serial'),
    autoPublish: bool(o, 'auto_publish'),
    withheld: o['withheld'] === null ? null : oneOf(o, 'withheld', WITHHELD_REASONS),
    edges: { total: num(edges, 'total'), inSync: num(edges, 'in_sync'), lagging: strings(edges, 'lagging') },
    createdAt: str(o, 'created_at'),
    updatedAt: str(o, 'updated_at'),
  };
}

const ROLES = ['owner', 'admin', 'viewer'] as const;

/** GET /api/members. */
export function readMembers(value: unknown): Members {
  const o = object(value, 'members');
  const member = (v: unknown, what: string): Member => {
    const m = object(v, what);
    return { email: str(m, 'email'), role: oneOf(m, 'role', ROLES), createdAt: str(m, 'created_at') };
  };
  return { members: list(o, 'members', member), invitations: list(o, 'invitations', member) };
}

/** GET /api/edges. */
export function readNameservers(value: unknown): Nameservers {
  const o = object(value, 'edges list');
  const edges = list(o, 'edges', (v, what) => {
    const e = object(v, what);
    return {
      name: str(e, 'name'),
      instance: str(e, 'instance'),
      address: str(e, 'address'),
      lastSeen: str(e, 'last_seen'),
      servedSeq: num(e, 'served_seq'),
      zones: numOrNull(e, 'zones'),
      connected: bool(e, 'connected'),
      zonesBehind: num(e, 'zones_behind'),
      zonesLagging: numOrNull(e, 'zones_lagging'),
      laggingZones: list(e, 'lagging_zones', (z, at) => {
        const lag = object(z, at);
        return { zone: str(lag, 'zone'), serving: numOrNull(lag, 'serving'), published: num(lag, 'published') };
      }),
    };
  });
  return { edges, embedded: bool(o, 'embedded') };
}

/** GET /api/zones. */
export function readZones(value: unknown): Zone[] {
  return list(object(value, 'zones list'), 'zones', readZone);
}

/** One RRset of GET /api/zones/{id}/records: owner absolute with its trailing dot, values in presentation format. */
export function readRRset(value: unknown, what = 'rrset'): RRset {
  const o = object(value, what);
  return { name: str(o, 'name'), type: str(o, 'type'), ttl: num(o, 'ttl'), records: strings(o, 'records') };
}

/** The one RRset an UPSERT named, as the record-change answer (`rrsets`) says it was stored. */
export function readChangedRRset(value: unknown): RRset {
  const sets = list(object(value, 'record change'), 'rrsets', readRRset);
  if (sets.length !== 1) throw new DecodeError(`the record change answered ${sets.length} RRsets, expected 1`);
  return sets[0]!;
}

/** GET /api/zones/{id}/records. */
export function readRecords(value: unknown): RRset[] {
  return list(object(value, 'records list'), 'records', readRRset);
}

const SCOPES: readonly Scope[] = ['tenant-admin', 'zone-admin', 'acme-dns01'];

/** A token as listed (never with its plaintext). */
export function readToken(value: unknown, what = 'token'): Token {
  const o = object(value, what);
  return {
    id: str(o, 'id'),
    zoneId: strOrNull(o, 'zone_id'),
    scope: oneOf(o, 'scope', SCOPES),
    name: str(o, 'name'),
    createdAt: str(o, 'created_at'),
    expiresAt: strOrNull(o, 'expires_at'),
    revoked: bool(o, 'revoked'),
    lastUsedAt: strOrNull(o, 'last_used_at'),
  };
}

/** GET /api/tokens and GET /api/zones/{id}/tokens. */
export function readTokens(value: unknown): Token[] {
  return list(object(value, 'tokens list'), 'tokens', readToken);
}

/** The answer of POST /api/tokens or /api/zones/{id}/tokens. */
export function readMintedToken(value: unknown): MintedToken {
  return { ...readToken(value), token: str(object(value, 'minted token'), 'token') };
}

/** GET /api/audit: entries newest first, and the cursor of the next (older) page. */
export function readAuditPage(value: unknown): AuditPage {
  const o = object(value, 'audit page');
  return {
    entries: list(o, 'entries', (v, what) => {
      const e = object(v, what);
      const summary = typeof e['summary'] === 'object' && e['summary'] !== null ? (e['summary'] as Record<string, unknown>) : {};
      return { id: num(e, 'id'), at: str(e, 'at'), actor: str(e, 'actor'), action: str(e, 'action'), target: str(e, 'target'), before: summary['before'] ?? null, after: summary['after'] ?? null };
    }),
    nextBefore: numOrNull(o, 'next_before'),
  };
}

function readNote(value: unknown, what: string): ImportNote {
  const o = object(value, what);
  return { name: str(o, 'name'), type: str(o, 'type'), reason: str(o, 'reason') };
}

/** The answer of POST /api/import/route53 and /api/import/zonefile. */
export function readImportResult(value: unknown): ImportResult {
  const o = object(value, 'import result');
  return {
    zone: readZone(o['zone']),
    imported: num(o, 'imported'),
    skipped: list(o, 'skipped', readNote),
    notes: list(o, 'notes', readNote),
    published: bool(o, 'published'),
    publishError: strOrNull(o, 'publish_error'),
    ns: strings(o, 'ns'),
  };
}

/** The answer of GET /api/import/progress. */
export function readImportsUnderWay(value: unknown): ImportUnderWay[] {
  return list(object(value, 'import progress'), 'imports', (item, what) => {
    const o = object(item, what);
    return {
      id: str(o, 'id'),
      source: oneOf(o, 'source', ['zonefile', 'route53'] as const),
      phase: oneOf(o, 'phase', IMPORT_PHASES),
      origin: strOrNull(o, 'origin'),
      rrsets: numOrNull(o, 'rrsets'),
      bytes: num(o, 'bytes'),
      startedAt: str(o, 'started_at'),
    };
  });
}

const IMPORT_PHASES = ['reading', 'checking', 'writing', 'publishing'] as const;

const DELEGATION_OUTCOMES = ['delegated', 'partly-delegated', 'not-delegated', 'nxdomain-at-parent', 'timeout', 'unreachable', 'malformed', 'servfail', 'lame', 'loop', 'no-servers'] as const;

/** The answer of POST /api/zones/{id}/delegation. */
export function readDelegation(value: unknown): Delegation {
  const o = object(value, 'delegation result');
  const d = object(o['delegation'], 'delegation');
  return {
    delegation: {
      origin: str(d, 'origin'),
      delegated: bool(d, 'delegated'),
      expected: strings(d, 'expected'),
      found: strings(d, 'found'),
      missing: strings(d, 'missing'),
      checkedAt: str(d, 'checked_at'),
      outcome: oneOf(d, 'outcome', DELEGATION_OUTCOMES),
      parent: strOrNull(d, 'parent'),
      detail: str(d, 'detail'),
      ds: d['ds'] === null || d['ds'] === undefined ? null : ((ds) => ({ present: bool(ds, 'present'), matching: bool(ds, 'matching'), found: strings(ds, 'found') }))(object(d['ds'], 'delegation.ds')),
    },
    status: oneOf(o, 'status', ZONE_STATUSES),
  };
}

/** The answer of POST (or GET, the last one) /api/zones/{id}/parity; the optional fields only when the API gave them. */
export function readParity(value: unknown): Parity {
  const o = object(value, 'parity result');
  const p = object(o['parity'], 'parity');
  const outcome = optStr(p, 'outcome');
  const detail = optStr(p, 'detail');
  return {
    parity: {
      origin: str(p, 'origin'),
      matches: bool(p, 'matches'),
      checked: num(p, 'checked'),
      mismatched: num(p, 'mismatched'),
      truncated: bool(p, 'truncated'),
      checkedAt: str(p, 'checked_at'),
      ...(outcome === undefined ? {} : { outcome }),
      ...(detail === undefined ? {} : { detail }),
      servers: strings(p, 'servers'),
      mismatches: list(p, 'mismatches', (v, what) => {
        const m = object(v, what);
        const error = optStr(m, 'error');
        return {
          name: str(m, 'name'),
          type: str(m, 'type'),
          theirs: strings(m, 'theirs'),
          ours: strings(m, 'ours'),
          ttlTheirs: numOrNull(m, 'ttl_theirs'),
          ttlOurs: numOrNull(m, 'ttl_ours'),
          ...(error === undefined ? {} : { error }),
        };
      }),
    },
    safeToDelete: bool(o, 'safe_to_delete'),
    status: oneOf(o, 'status', ZONE_STATUSES),
  };
}

/** The answer of POST /api/auth/magic-link; `devLink` only in dev mode. */
export function readMagicLinkSent(value: unknown): MagicLinkSent {
  const o = object(value, 'magic-link answer');
  const devToken = optStr(o, 'dev_token');
  const devLink = optStr(o, 'dev_link');
  return { sent: true, ...(devToken === undefined ? {} : { devToken }), ...(devLink === undefined ? {} : { devLink }) };
}

function readRRsetState(value: unknown, what: string): RRsetState {
  if (value === null) return null;
  const o = object(value, what);
  return { ttl: num(o, 'ttl'), records: strings(o, 'records') };
}

/** POST /api/zones/{id}/publish with {"dry_run": true}. */
export function readPublishPreview(value: unknown): { changes: PendingChange[] } {
  return {
    changes: list(object(value, 'publish preview'), 'changes', (item, what) => {
      const o = object(item, what);
      return { name: str(o, 'name'), type: str(o, 'type'), published: readRRsetState(o['published'], `${what}.published`), current: readRRsetState(o['current'], `${what}.current`) };
    }),
  };
}

export function readZoneSecondaries(value: unknown): ZoneSecondaries {
  const o = object(value, 'secondaries');
  const secondaries = list(o, 'secondaries', (v, what) => {
    const s = object(v, what);
    const answered = s['notify_answered'];
    return {
      id: str(s, 'id'),
      address: str(s, 'address'),
      tsigKeyId: strOrNull(s, 'tsig_key_id'),
      zoneId: strOrNull(s, 'zone_id'),
      createdAt: strOrNull(s, 'created_at'),
      operator: bool(s, 'operator'),
      serialServed: numOrNull(s, 'serial_served'),
      inSync: bool(s, 'in_sync'),
      lastError: strOrNull(s, 'last_error'),
      notifiedSerial: numOrNull(s, 'notified_serial'),
      notifyAnswered: typeof answered === 'boolean' ? answered : null,
    };
  });
  return { publishedSerial: num(o, 'published_serial'), secondaries };
}

export function readZoneDnssec(value: unknown): ZoneDnssec {
  const o = object(value, 'dnssec');
  const ds = list(o, 'ds', (v, what) => {
    const d = object(v, what);
    return { keyTag: num(d, 'key_tag'), algorithm: num(d, 'algorithm'), digestType: num(d, 'digest_type'), digest: str(d, 'digest'), record: str(d, 'record') };
  });
  const algorithmName = str(o, 'algorithm_name');
  if (algorithmName !== 'ECDSAP256SHA256' && algorithmName !== 'ED25519') throw new DecodeError(`dnssec.algorithm_name is ${algorithmName}`);
  const denial = oneOf(object(o['denial'], 'dnssec.denial'), 'type', ['NSEC3', 'NSEC'] as const);
  return { enabled: bool(o, 'enabled'), algorithmName, keyTag: num(o, 'key_tag'), denial, dnskey: strings(o, 'dnskey'), ds, rollover: o['rollover'] === null ? null : readRollover(o['rollover']) };
}

const ROLLOVER_PHASES = ['signing', 'publishing', 'submitting', 'retiring', 'unsigning'] as const;

function readRollover(value: unknown): NonNullable<ZoneDnssec['rollover']> {
  const o = object(value, 'dnssec.rollover');
  const algorithmName = oneOf(o, 'algorithm_name', ['ECDSAP256SHA256', 'ED25519'] as const);
  const next = o['next_step_at'];
  if (next !== null && typeof next !== 'string') throw new DecodeError('dnssec.rollover.next_step_at is not a string or null');
  return { phase: oneOf(o, 'phase', ROLLOVER_PHASES), algorithmName, keyTag: num(o, 'key_tag'), nextStepAt: next, waitingFor: str(o, 'waiting_for') };
}
