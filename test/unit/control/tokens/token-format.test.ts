// Unit: machine-token text: shape, entropy, parsing and hashing.
import { describe, expect, it } from 'vitest';
import { hashTokenText, mintTokenText, parseTokenText, SECRET_BYTES } from '../../../../control/tokens/token-format.js';

describe('token text', () => {
  it('mints dnsc_<16 hex>_<secret of at least 160 bits>, hashed with SHA-256', () => {
    const t = mintTokenText();
    const m = /^dnsc_([0-9a-f]{16})_([A-Za-z0-9_-]+)$/.exec(t.text);
    expect(m?.[1]).toBe(t.id);
    expect(Buffer.from(m![2]!, 'base64url').length * 8).toBeGreaterThanOrEqual(160);
    expect(SECRET_BYTES * 8).toBeGreaterThanOrEqual(160);
    expect(t.hash).toBe(hashTokenText(t.text));
    expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(t.hash).not.toContain(m![2]!);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 200 }, () => mintTokenText().text));
    expect(seen.size).toBe(200);
  });

  it.each([
    { text: 'dnsc_0123456789abcdef_' + 'A'.repeat(43), id: '0123456789abcdef' },
    { text: 'dnsc_0123456789abcdef_a_b-c' + 'x'.repeat(30), id: '0123456789abcdef' },
    { text: 'dnsc_0123456789ABCDEF_' + 'A'.repeat(43), id: undefined },
    { text: 'dnsc_0123456789abcde_' + 'A'.repeat(43), id: undefined },
    { text: 'dnsc_0123456789abcdef_short', id: undefined },
    { text: 'dnsc_0123456789abcdef_' + 'A'.repeat(42) + '=', id: undefined },
    { text: 'Bearer dnsc_0123456789abcdef_' + 'A'.repeat(43), id: undefined },
    { text: 'v1.payload.sig', id: undefined },
    { text: '', id: undefined },
  ])('parses "$text" → $id', ({ text, id }) => {
    expect(parseTokenText(text)?.id).toBe(id);
  });
});
