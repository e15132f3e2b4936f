// Unit: the signed message binds name, offset, the journal's base and the bytes; verification refuses anything else.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePublicKeyPem, signedMessage, signPart, verifyPart } from '../../../../shared/feed/file-signature.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519').publicKey;
const bytes = Buffer.from('DNSCJRNL and the rest of a journal');
const base = 'ab'.repeat(32);
const part = { name: 'example.com.journal', from: 0, base };

describe('feed signatures', () => {
  it('signs "DNSCove-file-v2\\n" + name + "\\n" + from + "\\n" + base + "\\n" + bytes', () => {
    expect(signedMessage({ name: 'example.com.journal', from: 48, base: 'cd' }, Buffer.from('xy')).toString('utf8')).toBe('DNSCove-file-v2\nexample.com.journal\n48\ncd\nxy');
  });

  it('verifies the signature of the same name, offset, base and bytes with the right key', () => {
    expect(verifyPart(publicKey, part, bytes, signPart(privateKey, part, bytes))).toBe(true);
  });

  it.each([
    ['another file name', { ...part, name: 'example.org.journal' }, bytes],
    ['another offset', { ...part, from: 1 }, bytes],
    ['a journal of another snapshot', { ...part, base: 'cd'.repeat(32) }, bytes],
    ['one flipped byte', part, Buffer.from(bytes.map((b, i) => (i === 3 ? b ^ 1 : b)))],
    ['a truncated body', part, bytes.subarray(0, -1)],
  ])('refuses %s', (_what, claimed, body) => {
    expect(verifyPart(publicKey, claimed, body, signPart(privateKey, part, bytes))).toBe(false);
  });

  it('refuses another key, a missing or malformed signature', () => {
    const signature = signPart(privateKey, part, bytes);
    expect(verifyPart(other, part, bytes, signature)).toBe(false);
    expect(verifyPart(publicKey, part, bytes, null)).toBe(false);
    expect(verifyPart(publicKey, part, bytes, 'not base64!')).toBe(false);
    expect(verifyPart(publicKey, part, bytes, signature.slice(4))).toBe(false);
  });

  it('parses an SPKI PEM Ed25519 key and refuses other keys', () => {
    expect(parsePublicKeyPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()).asymmetricKeyType).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKeyPem(rsa)).toThrow(/not Ed25519/);
    expect(() => parsePublicKeyPem('garbage')).toThrow(/not a PEM public key/);
  });
});
