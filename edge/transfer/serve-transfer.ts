// Answers a signed AXFR or IXFR request on a TCP connection: checks the key (RFC 8945) and
// that it may transfer the zone, then streams the zone (RFC 5936) or its differences since the
// secondary's serial (RFC 1995) from the files the edge serves, each message signed.
import { Rcode } from '../../shared/dns/rcode.js';
import { CLASS_IN, RRType } from '../../shared/dns/rr-type.js';
import { signMessage, verifyMessage } from '../../shared/dns/tsig.js';
import { EDNS_PAYLOAD_SIZE } from '../../shared/dns/edns.js';
import { encodeOpt } from '../../shared/dns/message.js';
import { extendedErrorOption } from '../encode.js';
import { EDE_PROHIBITED } from '../answer.js';
import { tsigRefusal } from './tsig-refusal.js';
import type { Logger } from '../../shared/log.js';
import { readZoneHistory, soaSerial } from '../../shared/snapshot/zone-history.js';
import type { RecordChunk, WireRecord, ZoneHistory } from '../../shared/snapshot/zone-history.js';
import type { ZoneTable } from '../index/zone-table.js';
import { keyFromWireBytes } from '../name-key.js';
import type { TransferKeys } from './transfer-keys.js';
import type { TransferSlots } from './transfer-slots.js';
import { mayTransfer } from '../../shared/transfer/transfer-keys-file.js';
import type { TransferKey } from '../../shared/transfer/transfer-keys-file.js';
import type { TransferRequest } from './transfer-request.js';

/** Records per message stop once a message passes this many bytes (room left for the TSIG record under 64 KiB). */
const MESSAGE_TARGET_BYTES = 60_000;
const QR_AA = 0x8400;

export interface TransferContext {
  readonly table: ZoneTable;
  readonly snapshotsDir: string;
  readonly keys: TransferKeys;
  /** Transfers streaming at once in this process. */
  readonly slots: TransferSlots;
  /** The wait for a slot is over: from now on a client that stops reading is cut off as idle. */
  streaming(): void;
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

/** `message` with `opt` appended to its additional section. */
function withOpt(message: Buffer, opt: Buffer): Buffer {
  const out = Buffer.concat([message, opt]);
  out.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return out;
}

/** Records per chunk read from the snapshot: several fill a message. */
const CHUNK_BYTES = 8_192;

/** One record as a chunk of its own. */
function chunkOf(record: WireRecord): RecordChunk {
  const bytes = Buffer.allocUnsafe(record.owner.length + 10 + record.rdata.length);
  record.owner.copy(bytes, 0);
  let pos = record.owner.length;
  bytes.writeUInt16BE(record.type, pos);
  bytes.writeUInt16BE(CLASS_IN, pos + 2);
  bytes.writeUInt32BE(record.ttl >>> 0, pos + 4);
  bytes.writeUInt16BE(record.rdata.length, pos + 8);
  pos += 10;
  record.rdata.copy(bytes, pos);
  return { bytes, count: 1 };
}

/** The records of a full transfer: SOA, every other record, SOA again (RFC 5936 §2.2). */
function* axfrChunks(history: ZoneHistory): Generator<RecordChunk> {
  yield chunkOf(history.soa);
  yield* history.recordChunks(CHUNK_BYTES);
  yield chunkOf(history.soa);
}

/**
 * The records of an incremental transfer from `serial` (RFC 1995 §4): the current SOA, then per
 * version the old SOA, what it removed, the new SOA, what it added, and the current SOA again;
 * undefined when the journal does not reach back to `serial` (a full transfer is sent instead).
 */
function ixfrRecords(history: ZoneHistory, serial: number): WireRecord[] | undefined {
  const from = history.changes.findIndex((c) => soaSerial(c.before.rdata) === serial);
  if (from < 0) return undefined;
  const out: WireRecord[] = [history.soa];
  for (const change of history.changes.slice(from)) out.push(change.before, ...change.removed, change.after, ...change.added);
  out.push(history.soa);
  return out;
}

/** A message's records end here at the latest, leaving room for the TSIG record (key and algorithm names, a 64-byte MAC) under 64 KiB. */
const MESSAGE_LIMIT_BYTES = 65_535 - 512;

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
  if (served === undefined || !mayTransfer(key, request.origin)) {
    ctx.log.info('edge: zone transfer refused: the key may not transfer this zone here', { zone: request.origin, key: key.name });
    // With the EDE NSD sends for a transfer it does not allow (18, Prohibited), when the request spoke EDNS.
    const refused = request.edns ? withOpt(questionOnly(Rcode.Refused), encodeOpt({ udpSize: EDNS_PAYLOAD_SIZE }, extendedErrorOption(EDE_PROHIBITED))) : questionOnly(Rcode.Refused);
    await send(signMessage(refused, key, { prior: request.signed.tsig.mac, now }).message);
    return;
  }
  const release = await ctx.slots.acquire();
  ctx.streaming();
  try {
    await streamZone(request, send, ctx, key, flags);
  } finally {
    release();
  }
}

/** Sends the zone (AXFR) or its differences (IXFR) from the files, each message signed with `key` and chained to the one before. */
async function streamZone(request: TransferRequest, send: SendMessage, ctx: TransferContext, key: TransferKey, flags: number): Promise<void> {
  const history = await readZoneHistory(ctx.snapshotsDir, request.origin);
  const current = soaSerial(history.soa.rdata);
  let records: Iterable<RecordChunk>;
  let kind: 'AXFR' | 'IXFR' | 'IXFR up to date' | 'IXFR as AXFR';
  if (request.qtype === RRType.IXFR && request.clientSerial === current) {
    records = [chunkOf(history.soa)];
    kind = 'IXFR up to date';
  } else if (request.qtype === RRType.IXFR) {
    const diff = ixfrRecords(history, request.clientSerial ?? -1);
    records = diff?.map(chunkOf) ?? axfrChunks(history);
    kind = diff === undefined ? 'IXFR as AXFR' : 'IXFR';
  } else {
    records = axfrChunks(history);
    kind = 'AXFR';
  }
  // Chunks of records are copied into one message buffer; each full message is signed and sent,
  // and the next waits until the socket took it, so memory stays at one message per transfer.
  const message = Buffer.allocUnsafe(MESSAGE_LIMIT_BYTES);
  let prior = request.signed.tsig.mac;
  let first = true;
  let pos = 0;
  let inMessage = 0;
  let count = 0;
  const start = (): void => {
    header(request.id, flags, first ? 1 : 0, 0).copy(message, 0);
    pos = 12 + (first ? request.question.copy(message, 12) : 0);
    inMessage = 0;
  };
  const flush = async (): Promise<void> => {
    message.writeUInt16BE(inMessage, 6);
    const signed = signMessage(message.subarray(0, pos), key, { prior, now: ctx.now(), timersOnly: !first });
    prior = signed.mac;
    first = false;
    await send(signed.message);
    start();
  };
  start();
  for (const chunk of records) {
    if (inMessage > 0 && pos + chunk.bytes.length > MESSAGE_LIMIT_BYTES) await flush();
    if (pos + chunk.bytes.length > MESSAGE_LIMIT_BYTES) throw new RangeError(`a ${chunk.bytes.length}-byte record of ${request.origin} does not fit a transfer message`);
    pos += chunk.bytes.copy(message, pos);
    inMessage += chunk.count;
    count += chunk.count;
    if (pos >= MESSAGE_TARGET_BYTES) await flush();
  }
  if (inMessage > 0 || first) await flush();
  ctx.log.info(`edge: ${kind} of ${request.origin} served`, { zone: request.origin, serial: current, from: request.clientSerial, records: count, key: key.name });
}
