// DNS names: the one canonical internal form, and conversions to and from text and wire.
//
// A `Name` is the absolute presentation form of a name, lower-cased (ASCII only, RFC 4343),
// always ending in a dot ("www.example.com.", the root is "."), with a label's bytes escaped
// only where the presentation format needs it (RFC 1035 §5.1: `\.`, `\\`, `\DDD`). Two names
// are equal exactly when their `Name` strings are equal. Everything that reads a name from
// outside (zone files, JSON, the wire) converts it here, once; the rest of the code trusts it.

export type Name = string & { readonly __brand: 'Name' };

export const ROOT = '.' as Name;

/** Longest label and longest name, in wire octets (RFC 1035 §2.3.4). */
export const MAX_LABEL_LENGTH = 63;
export const MAX_NAME_LENGTH = 255;

/** Thrown for any text or wire form that is not a valid DNS name. */
export class NameError extends Error {
  override name = 'NameError';
}

const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]); // . \ " ( ) ; @ $

function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

function escapeLabel(label: Uint8Array): string {
  let out = '';
  for (const b of label) {
    if (SPECIAL.has(b)) out += '\\' + String.fromCharCode(b);
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString().padStart(3, '0');
  }
  return out;
}

/** Splits presentation text into raw label bytes, decoding escapes. Empty text gives no labels. */
function splitLabels(text: string): Uint8Array[] {
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (Number.isNaN(next)) throw new NameError(`name "${text}": escape at end of name`);
      if (next >= 0x30 && next <= 0x39) {
        const digits = text.slice(i + 1, i + 4);
        if (!/^[0-9]{3}$/.test(digits)) throw new NameError(`name "${text}": \\DDD escape needs three digits`);
        const value = Number(digits);
        if (value > 255) throw new NameError(`name "${text}": \\${digits} is more than 255`);
        current.push(value);
        i += 4;
      } else {
        if (next > 0x7f) throw new NameError(`name "${text}": only ASCII may follow a backslash`);
        current.push(next);
        i += 2;
      }
    } else if (ch === 0x2e) {
      if (current.length === 0) throw new NameError(`name "${text}": empty label`);
      labels.push(Uint8Array.from(current));
      current = [];
      i += 1;
    } else {
      if (ch > 0x7e || ch < 0x21) throw new NameError(`name "${text}": character ${JSON.stringify(text[i])} must be escaped`);
      current.push(ch);
      i += 1;
    }
  }
  if (current.length > 0) labels.push(Uint8Array.from(current));
  // Text that ends in a separator after the caller removed the final dot ("a.." → "a.") has
  // an empty last label.
  else if (text.length > 0) throw new NameError(`name "${text}": empty label`);
  return labels;
}

/**
 * Builds a `Name` from raw label bytes (leftmost first), lower-casing them and checking the
 * RFC 1035 limits. Throws NameError on an empty or over-long label or an over-long name.
 */
export function nameFromLabels(labels: readonly Uint8Array[]): Name {
  let wireLength = 1;
  let text = '';
  for (const label of labels) {
    if (label.length === 0) throw new NameError('empty label');
    if (label.length > MAX_LABEL_LENGTH) throw new NameError(`label of ${label.length} octets (at most ${MAX_LABEL_LENGTH})`);
    wireLength += label.length + 1;
    text += escapeLabel(label.map(lowerByte)) + '.';
  }
  if (wireLength > MAX_NAME_LENGTH) throw new NameError(`name of ${wireLength} octets (at most ${MAX_NAME_LENGTH})`);
  return (text === '' ? '.' : text) as Name;
}

/**
 * Parses a name in presentation format. `@` is the origin; a name without a trailing dot is
 * relative to `origin` (and is an error without one). Case is folded and escapes are
 * normalised, so `WWW.Example.COM.` and `www.example.com.` give the same Name.
 * Example: parseName('mail', parseName('example.com.')) === 'mail.example.com.'.
 */
export function parseName(text: string, origin?: Name): Name {
  if (text === '@') {
    if (origin === undefined) throw new NameError('"@" needs an origin');
    return origin;
  }
  if (text === '.') return ROOT;
  if (text === '') throw new NameError('empty name');
  const plain = plainName(text, origin);
  if (plain !== undefined) return plain;
  const absolute = isAbsoluteText(text);
  const labels = splitLabels(absolute ? text.slice(0, -1) : text);
  if (!absolute) {
    if (origin === undefined) throw new NameError(`name "${text}" is relative and there is no origin`);
    labels.push(...nameToLabels(origin));
  }
  try {
    return nameFromLabels(labels);
  } catch (err) {
    throw new NameError(`name "${text}": ${(err as Error).message}`);
  }
}

/** Codes a label may hold as they are in a Name (printable, none of the SPECIAL characters). */
const PLAIN = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) PLAIN[c] = SPECIAL.has(c) ? 0 : 1;

/**
 * The Name of text made only of plain characters and dots between non-empty labels (nearly
 * every name in a zone file), without splitting it into labels: such text is its own Name
 * once lower-cased. Undefined for anything else, which parseName's general path handles (and
 * reports when wrong).
 */
function plainName(text: string, origin: Name | undefined): Name | undefined {
  let label = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return undefined;
      label = 0;
    } else if (c < 0x80 && PLAIN[c] === 1 && label < MAX_LABEL_LENGTH) label++;
    else return undefined;
  }
  const absolute = label === 0;
  if (!absolute && origin === undefined) return undefined;
  const name = (absolute ? text : origin === ROOT ? `${text}.` : `${text}.${origin}`).toLowerCase();
  // Without escapes, the wire form is one byte longer than the text.
  return name.length + 1 <= MAX_NAME_LENGTH ? (name as Name) : undefined;
}

/** True when presentation text ends in an unescaped dot. */
function isAbsoluteText(text: string): boolean {
  if (!text.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The raw (lower-case) bytes of each label, leftmost first; the root has none. */
export function nameToLabels(name: Name): Uint8Array[] {
  return name === ROOT ? [] : splitLabels(name.slice(0, -1));
}

/** Number of labels, not counting the root: "www.example.com." has 3. */
export function labelCount(name: Name): number {
  return nameToLabels(name).length;
}

/** The uncompressed wire form (RFC 1035 §3.1). */
export function nameToWire(name: Name): Buffer {
  if (name !== ROOT && !name.includes('\\')) {
    // Without escapes a Name is its own wire form shifted by one byte, each dot standing where
    // the next label's length goes (the last dot becomes the root's 0): one pass, back to front.
    const out = Buffer.allocUnsafe(name.length + 1);
    out.write(name, 1, 'latin1');
    let length = 0;
    for (let i = name.length; i >= 1; i--) {
      if (out[i] === 0x2e) {
        out[i] = length;
        length = 0;
      } else {
        length++;
      }
    }
    out[0] = length;
    return out;
  }
  const labels = nameToLabels(name);
  const out = Buffer.allocUnsafe(labels.reduce((n, l) => n + l.length + 1, 1));
  let offset = 0;
  for (const label of labels) {
    out[offset++] = label.length;
    out.set(label, offset);
    offset += label.length;
  }
  out[offset] = 0;
  return out;
}

/**
 * Reads a possibly compressed name from a DNS message. Pointers must point backwards, to a
 * prior occurrence (RFC 1035 §4.1.4): before the start of this name, then before each previous
 * target, which rules out loops. Returns the name and the offset just past it in `buf`.
 * Throws NameError on truncation, a bad label type, a forward pointer or over-long names.
 */
export function readWireName(buf: Uint8Array, offset: number): { name: Name; next: number } {
  const labels: Uint8Array[] = [];
  let next = -1;
  let pos = offset;
  let limit = offset;
  let wireLength = 1;
  for (;;) {
    if (pos >= buf.length) throw new NameError('name runs past the end of the message');
    const len = buf[pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) throw new NameError('compression pointer runs past the end of the message');
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      // The first pointer must point before the start of this name and each later one before
      // the previous target. "Before the pointer itself" is not enough: labels read after a
      // jump can reach the same pointer again, which is a loop.
      if (target >= limit) throw new NameError('compression pointer does not point backwards');
      if (next < 0) next = pos + 2;
      pos = target;
      limit = target;
      continue;
    }
    if (kind !== 0) throw new NameError(`label type 0x${kind.toString(16)} is not supported`);
    if (pos + 1 + len > buf.length) throw new NameError('label runs past the end of the message');
    wireLength += len + 1;
    if (wireLength > MAX_NAME_LENGTH) throw new NameError('name is longer than 255 octets');
    labels.push(buf.subarray(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: nameFromLabels(labels), next };
}

/** True when `name` is `ancestor` or below it. */
export function isSubdomain(name: Name, ancestor: Name): boolean {
  if (ancestor === ROOT || name === ancestor) return true;
  if (!name.endsWith('.' + ancestor)) return false;
  // The dot before `ancestor` must be a label separator, not an escaped `\.`.
  let backslashes = 0;
  for (let i = name.length - ancestor.length - 2; i >= 0 && name[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The name one label up, or null for the root. */
export function parentName(name: Name): Name | null {
  if (name === ROOT) return null;
  return nameFromLabels(nameToLabels(name).slice(1));
}

/** Prepends one label (given as raw bytes or plain text without escapes) to a name. */
export function childName(label: Uint8Array | string, parent: Name): Name {
  const bytes = typeof label === 'string' ? Buffer.from(label, 'latin1') : label;
  return nameFromLabels([bytes, ...nameToLabels(parent)]);
}

/** The name relative to `origin` in presentation form: "@" for the origin itself. */
export function relativeName(name: Name, origin: Name): string {
  if (name === origin) return '@';
  if (!isSubdomain(name, origin)) return name;
  return origin === ROOT ? name.slice(0, -1) : name.slice(0, -origin.length - 1);
}

/** The form the HTTP API uses for origins: no trailing dot ("example.com"); the root is ".". */
export function nameToApiText(name: Name): string {
  return name === ROOT ? '.' : name.slice(0, -1);
}

/**
 * Orders names canonically (RFC 4034 §6.1): by labels from the right, each compared as
 * lower-case octet strings, a shorter label first when one is a prefix of the other.
 */
export function compareNames(a: Name, b: Name): number {
  const la = nameToLabels(a).reverse();
  const lb = nameToLabels(b).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(la[i]!, lb[i]!);
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}
