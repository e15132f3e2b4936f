// Hexadecimal fields in presentation form (DS digests, TLSA data, SSHFP fingerprints, RFC 3597).
import { RdataError } from '../rdata/rdata-error.js';

/**
 * Decodes hex digits (either case) into bytes. The tokens of a field are joined first, since
 * zone files may split long hex across blanks (RFC 4034 §5.3, RFC 3597 §5). An odd number of
 * digits or any other character is an error.
 */
export function parseHex(text: string, field: string): Buffer {
  if (!/^[0-9a-fA-F]*$/.test(text)) throw new RdataError(`${field} "${text}" is not hexadecimal`);
  if (text.length % 2 !== 0) throw new RdataError(`${field} has an odd number of hex digits`);
  return Buffer.from(text, 'hex');
}

/** Upper-case hex, as BIND and NSD print it. */
export function formatHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
