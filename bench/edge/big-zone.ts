// The load-time zone: exactly N records across many names, plus a probe near its end to time the first correct answer.
import type { LineWriter } from './line-writer.js';

/** Origin of the load-time zone. */
export const BIG_ORIGIN = 'big.example.';

/** A question and the address a fully loaded server must answer with. */
export interface Probe {
  readonly name: string;
  readonly type: 'A';
  readonly value: string;
}

const v4 = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * Writes a zone of exactly `records` resource records (at least 8): the apex (SOA, two NS, two
 * glue addresses), then names `nI` with an A each, an AAAA on every fourth and a TXT on every
 * eighth, until the count is reached. Returns a probe on the last name written, which a server
 * only answers once it has read the whole file.
 */
export function writeBigZone(out: LineWriter, records: number): Probe {
  if (!Number.isInteger(records) || records < 8) throw new Error(`big zone: need at least 8 records, got ${records}`);
  out.line(`$ORIGIN ${BIG_ORIGIN}`);
  out.line('$TTL 3600');
  out.line('@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300');
  out.line('@ IN NS ns1');
  out.line('@ IN NS ns2');
  out.line('ns1 IN A 192.0.2.53');
  out.line('ns2 IN A 198.51.100.53');
  let left = records - 5;
  let i = 0;
  for (; left > 0; i++) {
    out.line(`n${i} IN A ${v4(i)}`);
    left--;
    if (left > 0 && i % 4 === 0) {
      out.line(`n${i} IN AAAA 2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`);
      left--;
    }
    if (left > 0 && i % 8 === 0) {
      out.line(`n${i} IN TXT "record ${i} of the big zone"`);
      left--;
    }
  }
  return { name: `n${i - 1}.${BIG_ORIGIN}`, type: 'A', value: v4(i - 1) };
}
