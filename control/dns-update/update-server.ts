// The control plane's RFC 2136 port (DNSCOVE_UPDATE, UDP and TCP): dynamic updates signed with
// an account's TSIG key (RFC 8945), answered signed with the same key once the change is served.
// The edges stay free of keys and state: updates come here, not to them.
//
// Unsigned updates are refused; a bad key or signature is NOTAUTH with BADKEY or BADSIG, a
// time outside the fudge NOTAUTH with BADTIME (RFC 8945 §5.2); a signature seen before within
// the fudge is a replay and refused. SOA queries, by which clients find a name's zone, are
// answered (soa-query.ts); any other opcode is NOTIMP.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';
import { parseMessage } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { appendTsigError, DEFAULT_FUDGE, signMessage, splitTsig, TsigError, verifyMessage } from '../../shared/dns/tsig.js';
import type { SignedMessage, TsigKey } from '../../shared/dns/tsig.js';
import type { Services } from '../services.js';
import { findTsigKeyByName } from '../store/tsig-keys.js';
import type { TsigKeyRow } from '../store/tsig-keys.js';
import { applyUpdate } from './apply-update.js';
import { answerSoaQuery } from './soa-query.js';
import { parseUpdate, Rcode, UpdateError } from './update-message.js';

const OPCODE_QUERY = 0;
const OPCODE_UPDATE = 5;
const HEADER = 12;
/** A TCP connection sending nothing this long is closed. */
const TCP_IDLE_MS = 10_000;

export interface UpdateServer {
  readonly host: string;
  readonly udpPort: number;
  readonly tcpPort: number;
  close(): Promise<void>;
}

interface KeyWithRow extends TsigKey {
  readonly row: TsigKeyRow;
}

/** The response header and zone section of `request` with `rcode` (RFC 2136 §3.8). */
function response(request: Buffer, rcode: Rcode, questionBytes: Buffer | undefined): Buffer {
  const header = Buffer.alloc(HEADER);
  request.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8000 | (((request.readUInt16BE(2) >> 11) & 0xf) << 11) | (rcode & 0xf), 2);
  header.writeUInt16BE(questionBytes === undefined ? 0 : 1, 4);
  return questionBytes === undefined ? header : Buffer.concat([header, questionBytes]);
}

/** Signatures seen lately, so that a message sent again within the fudge is not carried out twice. */
class SeenMacs {
  readonly #until = new Map<string, number>();

  /** False when `mac` was seen before; remembers it until `now` + twice the fudge. */
  first(mac: Buffer, now: number): boolean {
    for (const [m, until] of this.#until) {
      if (until >= now) break;
      this.#until.delete(m);
    }
    const key = mac.toString('base64');
    if (this.#until.has(key)) return false;
    this.#until.set(key, now + 2 * DEFAULT_FUDGE);
    return true;
  }
}

type Verified = { readonly ok: true; readonly key: KeyWithRow; readonly mac: Buffer; readonly unsigned: Buffer } | { readonly ok: false; readonly reply: Buffer };

/** Checks the TSIG of a signed message: the key and unsigned message, or the NOTAUTH reply to send (RFC 8945 §5.2). */
function verify(services: Services, signed: SignedMessage, now: number): Verified {
  const findKey = (name: Name): KeyWithRow | undefined => {
    const row = findTsigKeyByName(services.db, name);
    return row === undefined ? undefined : { name: row.name, algorithm: row.algorithm, secret: Buffer.from(row.secret, 'base64'), row };
  };
  const verdict = verifyMessage(signed, findKey, now);
  if (verdict.ok) return { ok: true, key: verdict.key, mac: signed.tsig.mac, unsigned: signed.unsigned };
  if (verdict.key === undefined) return { ok: false, reply: appendTsigError(response(signed.unsigned, Rcode.NotAuth, undefined), signed.tsig, verdict.error) };
  const other = Buffer.alloc(6);
  other.writeUIntBE(now, 0, 6);
  return { ok: false, reply: signMessage(response(signed.unsigned, Rcode.NotAuth, undefined), verdict.key, { now, prior: signed.tsig.mac, error: TsigError.BadTime, other }).message };
}

/** Answers one message received on the update port. */
async function handle(services: Services, seen: SeenMacs, request: Buffer): Promise<Buffer | undefined> {
  if (request.length < HEADER || request.readUInt16BE(2) & 0x8000) return undefined;
  const now = Math.floor(services.now().getTime() / 1000);
  const opcode = (request.readUInt16BE(2) >> 11) & 0xf;
  if (opcode !== OPCODE_UPDATE && opcode !== OPCODE_QUERY) return response(request, Rcode.NotImp, undefined);
  let signed: SignedMessage | undefined;
  try {
    signed = splitTsig(request);
  } catch {
    return response(request, Rcode.FormErr, undefined);
  }
  // Clients asking which zone a name is in (see soa-query.ts) may sign their questions, or not.
  if (opcode === OPCODE_QUERY) {
    const verified = signed === undefined ? undefined : verify(services, signed, now);
    if (verified?.ok === false) return verified.reply;
    const unsigned = verified?.unsigned ?? request;
    let reply: Buffer;
    try {
      reply = answerSoaQuery(services, unsigned, parseMessage(unsigned));
    } catch {
      reply = response(unsigned, Rcode.FormErr, undefined);
    }
    return verified === undefined ? reply : signMessage(reply, verified.key, { now, prior: verified.mac }).message;
  }
  if (signed === undefined) return response(request, Rcode.Refused, undefined);
  const verified = verify(services, signed, now);
  if (!verified.ok) return verified.reply;
  const { key } = verified;
  let rcode: Rcode;
  let questionBytes: Buffer | undefined;
  try {
    const message = parseMessage(signed.unsigned);
    questionBytes = message.questionBytes;
    if (!seen.first(signed.tsig.mac, now)) throw new UpdateError(Rcode.Refused, 'this message was received before');
    rcode = await applyUpdate(services, key.row, parseUpdate(message));
  } catch (err) {
    if (err instanceof UpdateError) {
      rcode = err.rcode;
      services.log.info('update: refused', { key: key.name, rcode, reason: err.message });
    } else if (questionBytes === undefined) {
      rcode = Rcode.FormErr;
    } else {
      rcode = Rcode.ServFail;
      services.log.error('update: failed', { key: key.name, err });
    }
  }
  return signMessage(response(signed.unsigned, rcode, questionBytes), key, { now, prior: signed.tsig.mac }).message;
}

/** Listens for updates on `host`:`port` (UDP and TCP; port 0: a free one, the same for both when it can). */
export async function startUpdateServer(services: Services, host: string, port: number): Promise<UpdateServer> {
  const seen = new SeenMacs();
  const answer = (request: Buffer): Promise<Buffer | undefined> =>
    handle(services, seen, request).catch((err: unknown) => {
      services.log.error('update: could not answer', { err });
      return undefined;
    });
  const connections = new Set<NetSocket>();
  const tcp: Server = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        void answer(Buffer.from(message)).then((reply) => {
          if (reply === undefined || socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(reply.length, 0);
          socket.write(Buffer.concat([length, reply]));
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  const tcpPort = (tcp.address() as AddressInfo).port;
  const udp: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  udp.on('message', (request, peer) => {
    void answer(request).then((reply) => {
      if (reply !== undefined) udp.send(reply, peer.port, peer.address);
    });
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port === 0 ? tcpPort : port, host, () => resolve());
  });
  return {
    host,
    udpPort: udp.address().port,
    tcpPort,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}
