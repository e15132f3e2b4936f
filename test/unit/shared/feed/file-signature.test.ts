// Unit: the signed message binds file name, offset and bytes; verification refuses anything else.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePublicKeyPem, signedMessage, signFile, verifyFile } from '../../../../shared/feed/file-signature.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519').publicKey;
const bytes = Buffer.from('DNSCSNAP and the rest of a snapshot');

describe('file signatures', () => {
  it('signs "DNSCove-file-v1\\n" + name + "\\n" + from + "\\n" + bytes', () => {
    expect(signedMessage('example.com.journal', 48, Buffer.from('xy')).toString('utf8')).toBe('DNSCove-file-v1\nexample.com.journal\n48\nxy');
  });

  it('verifies the signature of the same name, offset and bytes with the right key', () => {
    expect(verifyFile(publicKey, 'example.com.snap', 0, bytes, signFile(privateKey, 'example.com.snap', 0, bytes))).toBe(true);
  });

  it.each([
    ['another file name', 'example.org.snap', 0, bytes],
    ['another offset', 'example.com.snap', 1, bytes],
    ['one flipped byte', 'example.com.snap', 0, Buffer.from(bytes.map((b, i) => (i === 3 ? b ^ 1 : b)))],
    ['a truncated body', 'example.com.snap', 0, bytes.subarray(0, -1)],
  ])('refuses %s', (_what, name, from, body) => {
    expect(verifyFile(publicKey, name, from, body, signFile(privateKey, 'example.com.snap', 0, bytes))).toBe(false);
  });

  it('refuses another key, a missing or malformed signature', () => {
    const signature = signFile(privateKey, 'a.snap', 0, bytes);
    expect(verifyFile(other, 'a.snap', 0, bytes, signature)).toBe(false);
    expect(verifyFile(publicKey, 'a.snap', 0, bytes, null)).toBe(false);
    expect(verifyFile(publicKey, 'a.snap', 0, bytes, 'not base64!')).toBe(false);
    expect(verifyFile(publicKey, 'a.snap', 0, bytes, signature.slice(4))).toBe(false);
  });

  it('parses an SPKI PEM Ed25519 key and refuses other keys', () => {
    expect(parsePublicKeyPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()).asymmetricKeyType).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKeyPem(rsa)).toThrow(/not Ed25519/);
    expect(() => parsePublicKeyPem('garbage')).toThrow(/not a PEM public key/);
  });
});
