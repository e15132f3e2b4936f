// Base64 fields in presentation form (DNSKEY keys, SVCB ech), RFC 4648 §4.
import { RdataError } from '../rdata/rdata-error.js';

/**
 * Strictly decodes base64 (the tokens of a field joined first): standard alphabet, padded to a
 * multiple of 4, and canonical (no stray bits in the last character), because Node's decoder
 * silently skips anything it does not understand.
 */
export function parseBase64(text: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new RdataError(`${field} "${clip(text)}" is not base64`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new RdataError(`${field} "${clip(text)}" is not canonical base64`);
  return bytes;
}

export function formatBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}
