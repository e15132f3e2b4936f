// Route 53's escape syntax: `\ooo` is a three-digit OCTAL code, where RFC 1035 uses decimal `\DDD`.
import { NameError, nameFromLabels } from '../../../shared/dns/name.js';
import type { Name } from '../../../shared/dns/name.js';

const OCTAL_ESCAPE = /^[0-7]{3}$/;

/**
 * Decodes a record-set name as `ListResourceRecordSets` prints it ("DNS domain name format" in
 * the Route 53 Developer Guide): labels separated by unescaped dots, every `\ooo` an octal byte
 * (`\052` is `*`, `\056` a dot inside a label, `\100` is `@`), any other `\X` the literal X.
 * A missing trailing dot is allowed (Route 53 treats names as fully qualified). Case is folded.
 * A `*` decodes to the same byte wherever it is; it acts as a wildcard only as the leftmost
 * label (RFC 4592 §2.1.1), elsewhere it is a literal `*`. Throws NameError on bad names.
 * Example: decodeRoute53Name('\\052.Example.COM.') === '*.example.com.'.
 */
export function decodeRoute53Name(text: string): Name {
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let i = 0;
  const body = text.endsWith('.') && !text.endsWith('\\.') ? text.slice(0, -1) : text;
  if (body === '') return nameFromLabels([]);
  while (i < body.length) {
    const ch = body.charCodeAt(i);
    if (ch === 0x5c) {
      const digits = body.slice(i + 1, i + 4);
      if (OCTAL_ESCAPE.test(digits)) {
        current.push(parseInt(digits, 8));
        i += 4;
      } else {
        const next = body.codePointAt(i + 1);
        if (next === undefined || next > 0xff) throw new NameError(`name "${text}": bad escape at offset ${i}`);
        current.push(next);
        i += 2;
      }
    } else if (ch === 0x2e) {
      labels.push(Uint8Array.from(current));
      current = [];
      i += 1;
    } else {
      if (ch > 0xff) throw new NameError(`name "${text}": character ${JSON.stringify(body[i])} is not ASCII`);
      current.push(ch);
      i += 1;
    }
  }
  labels.push(Uint8Array.from(current));
  return nameFromLabels(labels);
}

/**
 * Rewrites Route 53 octal escapes inside a TXT/SPF value into RFC 1035 decimal `\DDD`, leaving
 * `\"` and `\\` alone, so the shared presentation parser reads the bytes Route 53 meant
 * (Route 53 prints `\ooo` octal codes in TXT values as in names).
 * Example: octalToDecimalEscapes('"a\\072b"') === '"a\\058b"'.
 */
export function octalToDecimalEscapes(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    if (ch === '\\') {
      const digits = value.slice(i + 1, i + 4);
      if (OCTAL_ESCAPE.test(digits)) {
        out += '\\' + parseInt(digits, 8).toString().padStart(3, '0');
        i += 4;
      } else {
        out += value.slice(i, i + 2);
        i += 2;
      }
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
