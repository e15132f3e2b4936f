// Per-type value fields for the record editor: which parts a value has, and presentation text ↔ parts.

/** One input of a value, e.g. an MX record's priority. */
export interface ValuePart {
  readonly label: string;
  readonly numeric: boolean;
  readonly placeholder: string;
}

/** How a type's values are edited as fields; types without one are edited as text. */
export interface TypeSpec {
  readonly parts: readonly ValuePart[];
  /** The presentation-format value (RFC 1035 §5.1) from the parts as typed. */
  compose(parts: readonly string[]): string;
  /** The parts of a presentation-format value, or undefined when fields cannot show it. */
  split(text: string): string[] | undefined;
}

const part = (label: string, placeholder: string, numeric = false): ValuePart => ({ label, placeholder, numeric });

/** A character-string in quotes, with `"` and `\` escaped (RFC 1035 §5.1). */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The text of exactly one quoted character-string, or undefined. */
function unquote(text: string): string | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(text.trim());
  return m === null ? undefined : m[1]!.replace(/\\(.)/g, '$1');
}

/** Values that are blank-separated fields with no quoting. */
function plain(...parts: ValuePart[]): TypeSpec {
  return {
    parts,
    compose: (values) => values.map((v) => v.trim()).join(' '),
    split: (text) => {
      const fields = text.trim().split(/\s+/);
      return fields.length === parts.length ? fields : undefined;
    },
  };
}

const host = (label: string): ValuePart => part(label, 'host.example.com.');

const utf8 = new TextEncoder();

/** `text` cut into pieces of at most 255 UTF-8 octets, never inside a character. */
function characterStrings(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of text) {
    const n = utf8.encode(ch).length;
    if (octets + n > 255) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out;
}

/**
 * TXT values longer than 255 octets are split into several character-strings
 * (RFC 1035 §3.3.14); fields show the common single-string case, text mode the rest.
 */
const txt: TypeSpec = {
  parts: [part('Text', 'v=spf1 mx -all')],
  compose: ([text = '']) => characterStrings(text).map(quote).join(' '),
  split: (text) => {
    const one = unquote(text);
    return one === undefined ? undefined : [one];
  },
};

const caa: TypeSpec = {
  parts: [part('Flags', '0', true), part('Tag', 'issue'), part('Value', 'letsencrypt.org')],
  compose: ([flags = '', tag = '', value = '']) => `${flags.trim()} ${tag.trim()} ${quote(value)}`,
  split: (text) => {
    const m = /^(\d+)\s+(\S+)\s+("(?:[^"\\]|\\.)*")$/.exec(text.trim());
    if (m === null) return undefined;
    const value = unquote(m[3]!);
    return value === undefined ? undefined : [m[1]!, m[2]!, value];
  },
};

const SPECS: Readonly<Record<string, TypeSpec>> = {
  A: plain(part('IPv4 address', '192.0.2.1')),
  AAAA: plain(part('IPv6 address', '2001:db8::1')),
  CNAME: plain(host('Target host')),
  NS: plain(host('Name server')),
  PTR: plain(host('Target host')),
  MX: plain(part('Priority', '10', true), host('Mail server')),
  SRV: plain(part('Priority', '10', true), part('Weight', '5', true), part('Port', '443', true), host('Target host')),
  TXT: txt,
  CAA: caa,
};

/** The types offered when adding a record, most common first. */
export const RECORD_TYPES: readonly string[] = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS', 'PTR', 'TLSA', 'SSHFP', 'HTTPS', 'SVCB', 'DS', 'NAPTR', 'DNAME', 'URI', 'LOC', 'HINFO', 'RP', 'CERT', 'OPENPGPKEY', 'SMIMEA', 'ALIAS'];

/** The field layout of `type`, or undefined when it is edited as text only. */
export function typeSpec(type: string): TypeSpec | undefined {
  return SPECS[type.toUpperCase()];
}
