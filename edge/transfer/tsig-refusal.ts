// The answer to a signed request whose TSIG does not verify (RFC 8945 §5.2): the error in a
// TSIG record, unsigned for BADKEY and BADSIG, signed with our time for BADTIME.
import { appendTsigError, signMessage, TsigError } from '../../shared/dns/tsig.js';
import type { SignedMessage, TsigKey, TsigVerdict } from '../../shared/dns/tsig.js';

/** `response` (NOTAUTH, the question only) with the TSIG record the failed `verdict` calls for. */
export function tsigRefusal(response: Buffer, request: SignedMessage, verdict: Exclude<TsigVerdict<TsigKey>, { ok: true }>, now: number): Buffer {
  if (verdict.error === TsigError.BadTime && verdict.key !== undefined) {
    const other = Buffer.alloc(6);
    other.writeUInt16BE(Math.floor(now / 2 ** 32) & 0xffff, 0);
    other.writeUInt32BE(now >>> 0, 2);
    return signMessage(response, verdict.key, { prior: request.tsig.mac, now, error: TsigError.BadTime, other }).message;
  }
  return appendTsigError(response, request.tsig, verdict.error);
}
