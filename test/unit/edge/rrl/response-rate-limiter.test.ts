// Unit: response rate limiting counts per client prefix and kind of answer, lets `rate` a second through, and slips every Nth held-back one as TC.
import { describe, expect, it } from 'vitest';
import { prefixOfAddress, ResponseRateLimiter, shareOf } from '../../../../edge/rrl/response-rate-limiter.js';
import type { ClientPrefix, RrlConfig } from '../../../../edge/rrl/response-rate-limiter.js';

const config: RrlConfig = { rate: 5, nxdomainRate: 3, errorRate: 2, slip: 2 };

/** A response to `qname` A with `rcode`: header, question, and one answer record's worth of bytes. */
function response(qname: string, rcode = 0): Buffer {
  const labels = qname.split('.').flatMap((l) => [Buffer.of(l.length), Buffer.from(l, 'latin1')]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0x1234, 0);
  header.writeUInt16BE(0x8400 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rcode === 0 ? 1 : 0, 6);
  return Buffer.concat([header, ...labels, Buffer.of(0, 0, 1, 0, 1), Buffer.alloc(rcode === 0 ? 16 : 0, 0xaa)]);
}

const client = (address: string): ClientPrefix => prefixOfAddress(address, { ipv6: false, high: 0, low: 0 });

/** What the limiter does with `n` responses at `nowMs`: 'sent', 'tc' or 'dropped' each. */
function run(rrl: ResponseRateLimiter, from: string, qname: string, n: number, nowMs: number, rcode = 0): string[] {
  const p = client(from);
  return Array.from({ length: n }, () => {
    const out = response(qname, rcode);
    const length = rrl.limit(p.ipv6, p.high, p.low, out, 0, out.length, nowMs);
    return length === out.length ? 'sent' : length === 0 ? 'dropped' : 'tc';
  });
}

describe('response rate limiting', () => {
  it('lets `rate` answers through at once, then one in `slip` as TC, and `rate` more each second', () => {
    const rrl = new ResponseRateLimiter(config);
    expect(run(rrl, '192.0.2.1', 'www.example.com', 9, 0)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'dropped', 'tc', 'dropped', 'tc']);
    expect(run(rrl, '192.0.2.1', 'www.example.com', 6, 1000).filter((r) => r === 'sent')).toHaveLength(5);
    expect(run(rrl, '192.0.2.1', 'www.example.com', 2, 1200).filter((r) => r === 'sent')).toHaveLength(1);
  });

  it('counts a /24 as one client, the name case-folded, and another name, type of answer or network apart', () => {
    const rrl = new ResponseRateLimiter({ ...config, slip: 0 });
    run(rrl, '192.0.2.1', 'www.example.com', 5, 0);
    expect(run(rrl, '192.0.2.77', 'WWW.Example.COM', 1, 0)).toEqual(['dropped']);
    expect(run(rrl, '192.0.2.77', 'mail.example.com', 1, 0)).toEqual(['sent']);
    expect(run(rrl, '192.0.3.1', 'www.example.com', 1, 0)).toEqual(['sent']);
  });

  it('counts NXDOMAIN and errors per client prefix alone, each against its own rate', () => {
    const rrl = new ResponseRateLimiter({ ...config, slip: 0 });
    const nx = ['a', 'b', 'c', 'd'].flatMap((l) => run(rrl, '198.51.100.9', `${l}.example.com`, 1, 0, 3));
    expect(nx).toEqual(['sent', 'sent', 'sent', 'dropped']);
    const refused = ['a', 'b', 'c'].flatMap((l) => run(rrl, '198.51.100.9', `${l}.example.org`, 1, 0, 5));
    expect(refused).toEqual(['sent', 'sent', 'dropped']);
    expect(run(rrl, '198.51.100.9', 'www.example.com', 1, 0)).toEqual(['sent']);
  });

  it('counts an IPv6 /56 as one client', () => {
    const rrl = new ResponseRateLimiter({ ...config, slip: 0 });
    run(rrl, '2001:db8:0:ab00::1', 'www.example.com', 5, 0);
    expect(run(rrl, '2001:db8:0:abff:1:2:3:4', 'www.example.com', 1, 0)).toEqual(['dropped']);
    expect(run(rrl, '2001:db8:0:ac00::1', 'www.example.com', 1, 0)).toEqual(['sent']);
    expect(run(rrl, '::ffff:192.0.2.1', 'www.example.com', 1, 0)).toEqual(['sent']);
  });

  it('rewrites a slipped answer as header and question with TC set and no records', () => {
    const rrl = new ResponseRateLimiter({ ...config, rate: 1, slip: 1 });
    const p = client('203.0.113.5');
    const first = response('www.example.com');
    expect(rrl.limit(false, p.high, p.low, first, 0, first.length, 0)).toBe(first.length);
    const out = response('www.example.com');
    const length = rrl.limit(false, p.high, p.low, out, 0, out.length, 0);
    expect(length).toBe(12 + 17 + 4);
    expect(out[2]! & 0x02).toBe(0x02);
    expect([out.readUInt16BE(4), out.readUInt16BE(6), out.readUInt16BE(8), out.readUInt16BE(10)]).toEqual([1, 0, 0, 0]);
    expect(out.subarray(12, length).equals(response('www.example.com').subarray(12, length))).toBe(true);
  });

  it('reads client addresses as node:dgram gives them', () => {
    expect(client('192.0.2.200')).toEqual({ ipv6: false, high: 0, low: 0xc00002 });
    expect(client('::ffff:192.0.2.200')).toEqual({ ipv6: false, high: 0, low: 0xc00002 });
    expect(client('2001:db8:1:2345::9')).toEqual({ ipv6: true, high: 0x20010db8, low: 0x000123 });
    expect(client('::1')).toEqual({ ipv6: true, high: 0, low: 0 });
    expect(client('fe80::1%eth0')).toEqual({ ipv6: true, high: 0xfe800000 | 0, low: 0 });
  });

  it('gives each of n workers its share of the rates', () => {
    expect(shareOf({ rate: 200, nxdomainRate: 100, errorRate: 50, slip: 2 }, 4)).toEqual({ rate: 50, nxdomainRate: 25, errorRate: 12.5, slip: 2 });
  });
});
