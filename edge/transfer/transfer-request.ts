// Recognises a TSIG-signed AXFR or IXFR request (RFC 5936, RFC 1995) among the TCP messages, in one place.
import { parseMessage } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { splitTsig } from '../../shared/dns/tsig.js';
import type { SignedMessage } from '../../shared/dns/tsig.js';
import { soaSerial } from '../../shared/snapshot/zone-history.js';

export interface TransferRequest {
  readonly id: number;
  readonly flags: number;
  readonly origin: Name;
  readonly qtype: typeof RRType.AXFR | typeof RRType.IXFR;
  /** The question as sent (name, type, class), echoed in the first answer. */
  readonly question: Buffer;
  /** IXFR: the serial the secondary has. */
  readonly clientSerial: number | undefined;
  /** Whether the request carried an OPT record (EDNS): only then may the answer carry one. */
  readonly edns: boolean;
  readonly signed: SignedMessage;
}

/**
 * The transfer `message` asks for, when it is a query (opcode 0) for AXFR or IXFR that carries
 * a TSIG record; undefined for anything else (the ordinary answer path handles it, refusing an
 * unsigned transfer as before). A signed transfer request that does not read is 'malformed'.
 */
export function parseTransferRequest(message: Buffer): TransferRequest | 'malformed' | undefined {
  if (message.length < 12 || (message.readUInt16BE(2) & 0xf800) !== 0 || message.readUInt16BE(4) !== 1 || message.readUInt16BE(10) === 0) return undefined;
  let pos = 12;
  while (pos < message.length && message[pos] !== 0 && message[pos]! < 64) pos += message[pos]! + 1;
  if (pos + 5 > message.length) return undefined;
  const qtype = message.readUInt16BE(pos + 1);
  if (qtype !== RRType.AXFR && qtype !== RRType.IXFR) return undefined;
  try {
    const signed = splitTsig(message);
    if (signed === undefined) return undefined;
    const parsed = parseMessage(signed.unsigned);
    const soa = parsed.authority.find((r) => r.type === RRType.SOA);
    if (qtype === RRType.IXFR && soa === undefined) return 'malformed';
    return {
      id: signed.tsig.originalId,
      flags: parsed.rd ? 0x0100 : 0,
      origin: parsed.question[0]!.name,
      qtype,
      question: Buffer.from(message.subarray(12, pos + 5)),
      clientSerial: soa === undefined ? undefined : soaSerial(soa.rdata),
      edns: parsed.opt !== null,
      signed,
    };
  } catch {
    // A TSIG record out of place, a name or record that does not read.
    return 'malformed';
  }
}
