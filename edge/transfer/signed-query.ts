// Answers a TSIG-signed query that is not a transfer (a secondary's SOA check before it
// transfers, Knot's refresh): verified with the transfer keys, answered as the query inside
// it would be, and the answer signed over the query's MAC (RFC 8945 §5.3).
import { Rcode } from '../../shared/dns/rcode.js';
import { signMessage, splitTsig, verifyMessage } from '../../shared/dns/tsig.js';
import type { SignedMessage } from '../../shared/dns/tsig.js';
import { writeUnsignedAnswer } from '../answer.js';
import type { SignedAnswerer } from '../answer.js';
import type { TransferKeys } from './transfer-keys.js';
import { tsigRefusal } from './tsig-refusal.js';

const QR = 0x8000;
const KEEP_OPCODE_RD = 0x7900;

/** The header and question of `message` (its question name was checked by the query parser), with `flags` and no records. */
function questionOnly(message: Buffer, flags: number): Buffer {
  let pos = 12;
  while (message[pos] !== 0) pos += message[pos]! + 1;
  const out = Buffer.from(message.subarray(0, pos + 5));
  out.writeUInt16BE(QR | (message.readUInt16BE(2) & KEEP_OPCODE_RD) | flags, 2);
  out.writeUInt32BE(0x00010000, 4);
  out.writeUInt32BE(0, 8);
  return out;
}

export function createSignedAnswerer(keys: TransferKeys, onFault: (err: unknown) => void, now: () => number = () => Math.floor(Date.now() / 1000)): SignedAnswerer {
  return (request, ctx, out, offset) => {
    let signed: SignedMessage | undefined;
    try {
      signed = splitTsig(request);
    } catch {
      signed = undefined;
    }
    const room = out.length - offset;
    if (signed === undefined) {
      const formErr = questionOnly(request, Rcode.FormErr).subarray(0, 12);
      formErr.writeUInt16BE(0, 4);
      return formErr.copy(out, offset);
    }
    const time = now();
    const verdict = verifyMessage(signed, (name) => keys.current().get(name), time);
    if (!verdict.ok) {
      const refusal = tsigRefusal(questionOnly(signed.unsigned, Rcode.NotAuth), signed, verdict, time);
      return refusal.length > room ? 0 : refusal.copy(out, offset);
    }
    const scratch = Buffer.allocUnsafe(room);
    const length = writeUnsignedAnswer(signed.unsigned, ctx, onFault, scratch, 0);
    if (length === 0) return 0;
    const answer = signMessage(scratch.subarray(0, length), verdict.key, { prior: signed.tsig.mac, now: time }).message;
    if (answer.length > room) {
      onFault(new RangeError(`a signed answer of ${answer.length} bytes does not fit the ${room} bytes of the output slot`));
      return 0;
    }
    return answer.copy(out, offset);
  };
}
