// Unit: TSIG signing and verification (RFC 8945) round-trip, and each way a signed message is refused.
import { describe, expect, it } from 'vitest';
import { encodeQuery } from '../../../../shared/dns/message.js';
import type { Name } from '../../../../shared/dns/name.js';
import { appendTsigError, signMessage, splitTsig, TsigError, TsigFormatError, verifyMessage } from '../../../../shared/dns/tsig.js';
import type { TsigKey } from '../../../../shared/dns/tsig.js';

const key: TsigKey = { name: 'xfr.example.' as Name, algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 1) };
const find = (name: Name): TsigKey | undefined => (name === key.name ? key : undefined);
const NOW = 1_800_000_000;
const query = encodeQuery({ id: 77, qname: 'example.com.', qtype: 252 });

describe('TSIG', () => {
  it('a signed request splits back into the message as it was and verifies', () => {
    const { message, mac } = signMessage(query, key, { now: NOW });
    expect(message.readUInt16BE(10)).toBe(1);
    const signed = splitTsig(message)!;
    expect(signed.unsigned.equals(query)).toBe(true);
    expect(signed.tsig.mac.equals(mac)).toBe(true);
    expect(verifyMessage(signed, find, NOW + 299)).toEqual({ ok: true, key });
  });

  it('refuses an unknown key or algorithm (BADKEY), another secret or a changed byte (BADSIG), a stale time (BADTIME)', () => {
    const signed = splitTsig(signMessage(query, key, { now: NOW }).message)!;
    expect(verifyMessage(signed, () => undefined, NOW)).toEqual({ ok: false, error: TsigError.BadKey });
    expect(verifyMessage(signed, () => ({ ...key, algorithm: 'hmac-sha512' }), NOW)).toEqual({ ok: false, error: TsigError.BadKey });
    expect(verifyMessage(signed, () => ({ ...key, secret: Buffer.alloc(32, 2) }), NOW)).toEqual({ ok: false, error: TsigError.BadSig });
    const changed = Buffer.from(signMessage(query, key, { now: NOW }).message);
    changed[13] = changed[13]! ^ 0x20;
    expect(verifyMessage(splitTsig(changed)!, find, NOW)).toEqual({ ok: false, error: TsigError.BadSig });
    expect(verifyMessage(signed, find, NOW + 301)).toEqual({ ok: false, error: TsigError.BadTime, key });
  });

  it('chains a multi-message answer: each later message covers the previous MAC and the timers only', () => {
    const request = signMessage(query, key, { now: NOW });
    const first = signMessage(Buffer.from(query), key, { prior: request.mac, now: NOW });
    const second = signMessage(Buffer.from(query), key, { prior: first.mac, timersOnly: true, now: NOW });
    expect(verifyMessage(splitTsig(first.message)!, find, NOW, { prior: request.mac })).toEqual({ ok: true, key });
    expect(verifyMessage(splitTsig(second.message)!, find, NOW, { prior: first.mac, timersOnly: true })).toEqual({ ok: true, key });
    // Out of order, or without the chain, it does not verify.
    expect(verifyMessage(splitTsig(second.message)!, find, NOW, { prior: request.mac, timersOnly: true }).ok).toBe(false);
    expect(verifyMessage(splitTsig(second.message)!, find, NOW, { prior: first.mac }).ok).toBe(false);
  });

  it('answers BADKEY and BADSIG with an unsigned TSIG record carrying the error', () => {
    const signed = splitTsig(signMessage(query, key, { now: NOW }).message)!;
    const answer = splitTsig(appendTsigError(query, signed.tsig, TsigError.BadSig))!;
    expect(answer.tsig).toMatchObject({ keyName: key.name, error: TsigError.BadSig, mac: Buffer.alloc(0), timeSigned: NOW });
  });

  it('finds no TSIG in an unsigned message, and refuses one that is not last or does not read', () => {
    expect(splitTsig(query)).toBeUndefined();
    const signed = signMessage(query, key, { now: NOW }).message;
    // A second additional record after the TSIG.
    const notLast = Buffer.concat([signed, Buffer.from([0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0])]);
    notLast.writeUInt16BE(2, 10);
    expect(() => splitTsig(notLast)).toThrow(TsigFormatError);
    expect(() => splitTsig(signed.subarray(0, signed.length - 3))).toThrow(TsigFormatError);
  });
});
