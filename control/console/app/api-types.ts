// The API's response shapes as the console uses them, each with the reader that parses it from JSON.
import { bool, list, num, numOrNull, object, optStr, str, strings, strOrNull } from './decode.js';

export interface Zone {
  id: string;
  origin: string;
  status: string;
  ns: string[];
  serial: number;
  publishedSerial: number;
  autoPublish: boolean;
  /** Remote nameservers (edges) known, and how many connected ones serve the zone's last publish. */
  edges: { total: number; inSync: number };
}

/** A zone object (GET/POST /api/zones, import results). */
export function readZone(value: unknown, what = 'zone'): Zone {
  const o = object(value, what);
  return {
    id: str(o, 'id'),
    origin: str(o, 'origin'),
    status: str(o, 'status'),
    ns: strings(o, 'ns'),
    serial: num(o, 'serial'),
    publishedSerial: num(o, 'published_serial'),
    autoPublish: bool(o, 'auto_publish'),
    edges: readZoneEdges(object(o['edges'], `${what}.edges`)),
  };
}

/** An RRset's content on one side of a publish diff; null = absent. */
export interface RRsetState {
  ttl: number;
  records: string[];
}

/** One RRset that differs between the published zone and the committed one. */
export interface PendingChange {
  name: string;
  type: string;
  published: RRsetState | null;
  current: RRsetState | null;
}

function readRRsetState(value: unknown, what: string): RRsetState | null {
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

/** GET /api/zones. */
export function readZones(value: unknown): Zone[] {
  return list(object(value, 'zones list'), 'zones', readZone);
}

/** One RRset: owner name absolute with its trailing dot, values in presentation format. */
export interface RRset {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

/** One RRset of GET /api/zones/{id}/records. */
export function readRRset(value: unknown, what = 'rrset'): RRset {
  const o = object(value, what);
  return { name: str(o, 'name'), type: str(o, 'type'), ttl: num(o, 'ttl'), records: strings(o, 'records') };
}

/** GET /api/zones/{id}/records. */
export function readRecords(value: unknown): RRset[] {
  return list(object(value, 'records list'), 'records', readRRset);
}

export type Scope = 'tenant-admin' | 'zone-admin' | 'acme-dns01';

export interface Token {
  id: string;
  zoneId: string | null;
  scope: Scope;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  lastUsedAt: string | null;
}

function readScope(text: string): Scope {
  if (text === 'tenant-admin' || text === 'zone-admin' || text === 'acme-dns01') return text;
  throw new Error(`unknown token scope ${text}`);
}

/** A token as listed (never with its plaintext). */
export function readToken(value: unknown, what = 'token'): Token {
  const o = object(value, what);
  return {
    id: str(o, 'id'),
    zoneId: strOrNull(o, 'zone_id'),
    scope: readScope(str(o, 'scope')),
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

/** A freshly minted token: the only answer that carries the plaintext. */
export interface MintedToken extends Token {
  plaintext: string;
}

/** The answer of POST /api/tokens or /api/zones/{id}/tokens, plaintext in `plaintext`. */
export function readMintedToken(value: unknown): MintedToken {
  return { ...readToken(value), plaintext: str(object(value, 'minted token'), 'token') };
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
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

/** Something an import left out or changed, and why. */
export interface ImportNote {
  name: string;
  type: string;
  reason: string;
}

export interface ImportResult {
  zone: Zone;
  imported: number;
  skipped: ImportNote[];
  notes: ImportNote[];
  published: boolean;
  publishError: string | null;
  ns: string[];
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

/** One import still running (GET /api/import/progress). */
export interface ImportUnderWay {
  source: string;
  phase: string;
  origin: string | null;
  rrsets: number | null;
  bytes: number;
}

function readImportUnderWay(value: unknown, what: string): ImportUnderWay {
  const o = object(value, what);
  return { source: str(o, 'source'), phase: str(o, 'phase'), origin: strOrNull(o, 'origin'), rrsets: numOrNull(o, 'rrsets'), bytes: num(o, 'bytes') };
}

/** The answer of GET /api/import/progress. */
export function readImportsUnderWay(value: unknown): ImportUnderWay[] {
  return list(object(value, 'import progress'), 'imports', readImportUnderWay);
}

export interface Delegation {
  delegated: boolean;
  expected: string[];
  found: string[];
  missing: string[];
  checkedAt: string;
  outcome: string;
  parent: string | null;
  detail: string;
  status: string;
}

/** The answer of POST /api/zones/{id}/delegation. */
export function readDelegation(value: unknown): Delegation {
  const o = object(value, 'delegation result');
  const d = object(o['delegation'], 'delegation');
  return {
    delegated: bool(d, 'delegated'),
    expected: strings(d, 'expected'),
    found: strings(d, 'found'),
    missing: strings(d, 'missing'),
    checkedAt: str(d, 'checked_at'),
    outcome: optStr(d, 'outcome') ?? '',
    parent: strOrNull(d, 'parent'),
    detail: optStr(d, 'detail') ?? '',
    status: str(o, 'status'),
  };
}

export interface Mismatch {
  name: string;
  type: string;
  theirs: string[];
  ours: string[];
  ttlTheirs: number | null;
  ttlOurs: number | null;
  error: string | undefined;
}

export interface Parity {
  matches: boolean;
  checked: number;
  mismatched: number;
  truncated: boolean;
  checkedAt: string;
  /** How the check ended ("compared", or why it could not: "unreachable", ...); empty when the API does not say. */
  outcome: string;
  detail: string;
  servers: string[];
  mismatches: Mismatch[];
  safeToDelete: boolean;
  status: string;
}

/** The answer of POST (or GET, the last one) /api/zones/{id}/parity. */
export function readParity(value: unknown): Parity {
  const o = object(value, 'parity result');
  const p = object(o['parity'], 'parity');
  return {
    matches: bool(p, 'matches'),
    checked: num(p, 'checked'),
    mismatched: num(p, 'mismatched'),
    truncated: bool(p, 'truncated'),
    checkedAt: str(p, 'checked_at'),
    outcome: optStr(p, 'outcome') ?? '',
    detail: optStr(p, 'detail') ?? '',
    servers: strings(p, 'servers'),
    mismatches: list(p, 'mismatches', (v, what) => {
      const m = object(v, what);
      return {
        name: str(m, 'name'),
        type: str(m, 'type'),
        theirs: strings(m, 'theirs'),
        ours: strings(m, 'ours'),
        ttlTheirs: numOrNull(m, 'ttl_theirs'),
        ttlOurs: numOrNull(m, 'ttl_ours'),
        error: optStr(m, 'error'),
      };
    }),
    safeToDelete: bool(o, 'safe_to_delete'),
    status: str(o, 'status'),
  };
}

export interface MagicLinkSent {
  devLink: string | undefined;
}

/** The answer of POST /api/auth/magic-link; `devLink` only in dev mode. */
export function readMagicLinkSent(value: unknown): MagicLinkSent {
  return { devLink: optStr(object(value, 'magic-link answer'), 'dev_link') };
}

function readZoneEdges(o: Record<string, unknown>): Zone['edges'] {
  return { total: num(o, 'total'), inSync: num(o, 'in_sync') };
}
