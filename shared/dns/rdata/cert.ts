// CERT codec (RFC 4398 §2): a certificate or CRL, with its type and the key's tag and algorithm.
import { formatBase64, parseBase64 } from '../presentation/base64.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, U16, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** The certificate types of RFC 4398 §2.1, by mnemonic (§2.2 lets either form be written). */
const CERT_TYPES: ReadonlyMap<string, number> = new Map([
  ['PKIX', 1],
  ['SPKI', 2],
  ['PGP', 3],
  ['IPKIX', 4],
  ['ISPKI', 5],
  ['IPGP', 6],
  ['ACPKIX', 7],
  ['IACPKIX', 8],
  ['URI', 253],
  ['OID', 254],
]);
const CERT_TYPE_NAMES: ReadonlyMap<number, string> = new Map([...CERT_TYPES].map(([k, v]) => [v, k]));

/** DNSSEC algorithm mnemonics (RFC 4034 Appendix A.1 and its successors) RFC 4398 §2.2 allows. */
const ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ['RSAMD5', 1],
  ['DH', 2],
  ['DSA', 3],
  ['RSASHA1', 5],
  ['DSA-NSEC3-SHA1', 6],
  ['RSASHA1-NSEC3-SHA1', 7],
  ['RSASHA256', 8],
  ['RSASHA512', 10],
  ['ECC-GOST', 12],
  ['ECDSAP256SHA256', 13],
  ['ECDSAP384SHA384', 14],
  ['ED25519', 15],
  ['ED448', 16],
  ['INDIRECT', 252],
  ['PRIVATEDNS', 253],
  ['PRIVATEOID', 254],
]);

function mnemonicOrNumber(text: string, table: ReadonlyMap<string, number>, field: string, max: number): number {
  return table.get(text.toUpperCase()) ?? parseInteger(text, field, max);
}

/**
 * CERT: TYPE KEY-TAG ALGORITHM CERTIFICATE, the type and algorithm as mnemonics or numbers, the
 * certificate in base64 (possibly split by blanks) and never empty. Formats the type as its
 * mnemonic where there is one, the algorithm as a number (what every reader accepts).
 */
export const certCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 4, 'type key-tag algorithm certificate');
    const type = mnemonicOrNumber(tokens[0]!.text, CERT_TYPES, 'type', U16);
    const keyTag = parseInteger(tokens[1]!, 'key tag', U16);
    const algorithm = mnemonicOrNumber(tokens[2]!.text, ALGORITHMS, 'algorithm', U8);
    const certificate = parseBase64(joinTokens(tokens.slice(3)), 'certificate');
    if (certificate.length === 0) throw new RdataError('the certificate is empty');
    return new WireWriter().u16(type).u16(keyTag).u8(algorithm).bytes(certificate).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const type = r.u16('type');
    const keyTag = r.u16('key tag');
    const algorithm = r.u8('algorithm');
    const certificate = r.rest();
    if (certificate.length === 0) throw new RdataError('the certificate is empty');
    return `${CERT_TYPE_NAMES.get(type) ?? type} ${keyTag} ${algorithm} ${formatBase64(certificate)}`;
  },
};
