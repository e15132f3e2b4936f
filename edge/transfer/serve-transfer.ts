// Answers a signed AXFR or IXFR request on a TCP connection: checks the key (RFC 8945) and
// that it may transfer the zone, then streams the zone (RFC 5936) or its differences since the
// secondary's serial (RFC 1995) from the files the edge serves, each message signed.
import { nameToWire } from '../../shared/dns/name.js';
import { Rcode } from '../../shared/dns/rcode.js';
import { CLASS_IN, RRType } from '../../shared/dns/rr-type.js';
import { signMessage, verifyMessage } from '../../shared/dns/tsig.js';
import { tsigRefusal } from './tsig-refusal.js';
import type { Logger } from '../../shared/log.js';
import { readZoneHistory, soaSerial } from '../../shared/snapshot/zone-history.js';
import type { ZoneHistory, ZoneRecord } from '../../shared/snapshot/zone-history.js';
import type { ZoneTable } from '../index/zone-table.js';
import { keyFromWireBytes } from '../name-key.js';
import type { TransferKeys } from './transfer-keys.js';
import type { TransferRequest } from './transfer-request.js';

/** Records per message stop once a message passes this many bytes (room left for the TSIG record under 64 KiB). */
const MESSAGE_TARGET_BYTES = 16_384;
const QR_AA = 0x8400;

export interface TransferContext {
  readonly table: ZoneTable;
  readonly snapshotsDir: string;
  readonly keys: TransferKeys;
  readonly log: Logger;
  /** Seconds since the epoch. */
  now(): number;
}

/** Sends one DNS message on the connection (its length prefix added); resolves when the socket took it, rejects when it closed. */
export type SendMessage = (message: Buffer) => Promise<void>;

function header(id: number, flags: number, qd: number, an: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(flags, 2);
  h.writeUInt16BE(qd, 4);
  h.writeUInt16BE(an, 6);
  return h;
}

function recordWire(r: ZoneRecord): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(r.type, 0);
  fixed.writeUInt16BE(CLASS_IN, 2);
  fixed.writeUInt32BE(r.ttl >>> 0, 4);
  fixed.writeUInt16BE(r.rdata.length, 8);
  return Buffer.concat([nameToWire(r.name), fixed, r.rdata]);
}

/** The records of a full transfer: SOA, every other record, SOA again (RFC 5936 §2.2). */
function* axfrRecords(history: ZoneHistory): Generator<ZoneRecord> {
  yield history.soa;
  for (const rrset of history.content.rrsets) {
    if (rrset.type === RRType.SOA && rrset.name === history.content.origin) continue;
    for (const rdata of rrset.rdata) yield { name: rrset.name, type: rrset.type, ttl: rrset.ttl, rdata };
  }
  yield history.soa;
}

/**
 * The records of an incremental transfer from `serial` (RFC 1995 §4): the current SOA, then per
 * version the old SOA, what it removed, the new SOA, what it added, and the current SOA again;
 * undefined when the journal does not reach back to `serial` (a full transfer is sent instead).
 */
function ixfrRecords(history: ZoneHistory, serial: number): ZoneRecord[] | undefined {
  const from = history.changes.findIndex((c) => soaSerial(c.before.rdata) === serial);
  if (from < 0) return undefined;
  const out: ZoneRecord[] = [history.soa];
  for (const change of history.changes.slice(from)) out.push(change.before, ...change.removed, change.after, ...change.added);
  out.push(history.soa);
  return out;
}

/**
 * Answers `request`. Without a key this edge knows, or with a bad MAC: NOTAUTH with the TSIG
 * error, unsigned (BADKEY, BADSIG); a stale time: NOTAUTH signed (BADTIME, our time in other
 * data); a key that may not transfer this zone, or a zone this edge does not serve: REFUSED,
 * signed. Otherwise the transfer, every message signed, chained to the request's MAC.
 */
export async function serveTransfer(request: TransferRequest, send: SendMessage, ctx: TransferContext): Promise<void> {
  const now = ctx.now();
  const keys = ctx.keys.current();
  const verdict = verifyMessage(request.signed, (name) => keys.get(name), now);
  const flags = QR_AA | request.flags;
  const questionOnly = (rcode: number): Buffer => Buffer.concat([header(request.id, flags | rcode, 1, 0), request.question]);
  if (!verdict.ok) {
    ctx.log.info('edge: zone transfer refused: TSIG', { zone: request.origin, key: request.signed.tsig.keyName, error: verdict.error });
    await send(tsigRefusal(questionOnly(Rcode.NotAuth), request.signed, verdict, now));
    return;
  }
  const { key } = verdict;
  const served = ctx.table.zoneAt(keyFromWireBytes(request.question, 0, request.question.length - 4));
  if (served === undefined || !key.zones.has(request.origin)) {
    ctx.log.info('edge: zone transfer refused: the key may not transfer this zone here', { zone: request.origin, key: key.name });
    await send(signMessage(questionOnly(Rcode.Refused), key, { prior: request.signed.tsig.mac, now }).message);
    return;
  }
  const history = await readZoneHistory(ctx.snapshotsDir, request.origin);
  const current = soaSerial(history.soa.rdata);
  let records: Iterable<ZoneRecord>;
  let kind: 'AXFR' | 'IXFR' | 'IXFR up to date' | 'IXFR as AXFR';
  if (request.qtype === RRType.IXFR && request.clientSerial === current) {
    records = [history.soa];
    kind = 'IXFR up to date';
  } else if (request.qtype === RRType.IXFR) {
    const diff = ixfrRecords(history, request.clientSerial ?? -1);
    records = diff ?? axfrRecords(history);
    kind = diff === undefined ? 'IXFR as AXFR' : 'IXFR';
  } else {
    records = axfrRecords(history);
    kind = 'AXFR';
  }
  let prior = request.signed.tsig.mac;
  let first = true;
  let batch: Buffer[] = [];
  let size = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    const body = Buffer.concat([header(request.id, flags, first ? 1 : 0, batch.length), ...(first ? [request.question] : []), ...batch]);
    const signed = signMessage(body, key, { prior, now: ctx.now(), timersOnly: !first });
    prior = signed.mac;
    first = false;
    batch = [];
    size = 0;
    await send(signed.message);
  };
  for (const record of records) {
    const wire = recordWire(record);
    batch.push(wire);
    size += wire.length;
    count++;
    if (size >= MESSAGE_TARGET_BYTES) await flush();
  }
  if (batch.length > 0 || first) await flush();
  ctx.log.info(`edge: ${kind} of ${request.origin} served`, { zone: request.origin, serial: current, from: request.clientSerial, records: count, key: key.name });
}
