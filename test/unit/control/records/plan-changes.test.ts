// Table tests of planChanges: RRset changes in, the diff or the rule violation (naming the field) out.
import { describe, expect, it } from 'vitest';
import type { Name } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import { ValidationError } from '../../../../control/errors/catalogue.js';
import { neededContent, planChanges } from '../../../../control/records/plan-changes.js';
import { isSubdomain } from '../../../../shared/dns/name.js';
import type { RRsetChange, RRsetData } from '../../../../control/records/rrset-change.js';

const origin = 'example.com.' as Name;
const n = (s: string) => s as Name;
const set = (name: string, type: number, records: string[], ttl = 300): RRsetData => ({ name: n(name), type, ttl, records });
const upsert = (name: string, type: number, records: string[], ttl = 300): RRsetChange => ({ action: 'UPSERT', name: n(name), type, ttl, records });
const del = (name: string, type: number, records: string[] = []): RRsetChange => ({ action: 'DELETE', name: n(name), type, ttl: 300, records });

const base: RRsetData[] = [
  set('example.com.', RRType.SOA, ['ns1.dnscove.invalid. hostmaster.dnscove.invalid. 1 3600 900 1209600 300'], 3600),
  set('example.com.', RRType.NS, ['ns1.dnscove.invalid.', 'ns2.dnscove.invalid.'], 3600),
  set('www.example.com.', RRType.A, ['192.0.2.1']),
];

interface Case {
  readonly name: string;
  readonly current?: RRsetData[];
  readonly changes: RRsetChange[];
  /** Expected diffs as "name TYPE before→after" summaries, or the field of the expected error. */
  readonly diffs?: string[];
  readonly error?: string;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(RRType).map(([k, v]) => [v, k]));
const summary = (d: { name: string; type: number; before: RRsetData | undefined; after: RRsetData | undefined }) =>
  `${d.name} ${TYPE_NAMES[d.type]} ${d.before?.records.join(',') ?? '-'}→${d.after?.records.join(',') ?? '-'}`;

const cases: Case[] = [
  { name: 'new A RRset', changes: [upsert('mail.example.com.', RRType.A, ['192.0.2.9'])], diffs: ['mail.example.com. A -→192.0.2.9'] },
  { name: 'replace an RRset', changes: [upsert('www.example.com.', RRType.A, ['192.0.2.2'])], diffs: ['www.example.com. A 192.0.2.1→192.0.2.2'] },
  { name: 'identical UPSERT is a no-op', changes: [upsert('www.example.com.', RRType.A, ['192.0.2.1'])], diffs: [] },
  { name: 'TTL change is a change', changes: [upsert('www.example.com.', RRType.A, ['192.0.2.1'], 60)], diffs: ['www.example.com. A 192.0.2.1→192.0.2.1'] },
  { name: 'DELETE of a missing RRset is a no-op', changes: [del('nope.example.com.', RRType.TXT)], diffs: [] },
  { name: 'DELETE the whole RRset', changes: [del('www.example.com.', RRType.A)], diffs: ['www.example.com. A 192.0.2.1→-'] },
  {
    name: 'DELETE one value keeps the rest',
    current: [...base, set('x.example.com.', RRType.TXT, ['"a"', '"b"'])],
    changes: [del('x.example.com.', RRType.TXT, ['"a"'])],
    diffs: ['x.example.com. TXT "a","b"→"b"'],
  },
  { name: 'later change in a batch wins', changes: [upsert('a.example.com.', RRType.A, ['192.0.2.1']), upsert('a.example.com.', RRType.A, ['192.0.2.2'])], diffs: ['a.example.com. A -→192.0.2.2'] },
  { name: 'CNAME beside existing A', changes: [upsert('www.example.com.', RRType.CNAME, ['target.example.net.'])], error: 'changes[0].type' },
  { name: 'A beside an existing CNAME', current: [...base, set('c.example.com.', RRType.CNAME, ['t.example.net.'])], changes: [upsert('c.example.com.', RRType.TXT, ['"x"'])], error: 'changes[0].type' },
  { name: 'A replaced by CNAME in one batch, CNAME first', changes: [upsert('www.example.com.', RRType.CNAME, ['t.example.net.']), del('www.example.com.', RRType.A)], diffs: ['www.example.com. CNAME -→t.example.net.', 'www.example.com. A 192.0.2.1→-'] },
  { name: 'two CNAME values', changes: [upsert('c.example.com.', RRType.CNAME, ['a.example.net.', 'b.example.net.'])], error: 'changes[0].type' },
  { name: 'CNAME at the apex', changes: [upsert('example.com.', RRType.CNAME, ['t.example.net.'])], error: 'changes[0].type' },
  { name: 'apex NS cannot be deleted', changes: [del('example.com.', RRType.NS)], error: 'changes[0].type' },
  { name: 'apex NS values can be replaced', changes: [upsert('example.com.', RRType.NS, ['ns.example.net.'], 3600)], diffs: ['example.com. NS ns1.dnscove.invalid.,ns2.dnscove.invalid.→ns.example.net.'] },
  { name: 'a delegation with glue', changes: [upsert('sub.example.com.', RRType.NS, ['ns.sub.example.com.']), upsert('ns.sub.example.com.', RRType.A, ['192.0.2.53'])], diffs: ['sub.example.com. NS -→ns.sub.example.com.', 'ns.sub.example.com. A -→192.0.2.53'] },
  { name: 'TXT below a delegation', current: [...base, set('sub.example.com.', RRType.NS, ['ns.example.net.'])], changes: [upsert('x.sub.example.com.', RRType.TXT, ['"hidden"'])], error: 'changes[0].name' },
  { name: 'delegation over existing data', changes: [upsert('example.com.', RRType.A, ['192.0.2.1']), upsert('www.example.com.', RRType.NS, ['ns.example.net.'])], error: 'changes[1].type' },
  { name: 'delegation over data below it', current: [...base, set('x.sub.example.com.', RRType.TXT, ['"x"'])], changes: [upsert('sub.example.com.', RRType.NS, ['ns.example.net.'])], error: 'changes[0].type' },
  { name: 'delegation over glue below it', current: [...base, set('ns.sub.example.com.', RRType.A, ['192.0.2.53'])], changes: [upsert('sub.example.com.', RRType.NS, ['ns.sub.example.com.'])], diffs: ['sub.example.com. NS -→ns.sub.example.com.'] },
  { name: 'DS at a delegation', current: [...base, set('sub.example.com.', RRType.NS, ['ns.example.net.'])], changes: [upsert('sub.example.com.', RRType.DS, ['12345 13 2 ' + 'ab'.repeat(32)])], diffs: [`sub.example.com. DS -→12345 13 2 ${'ab'.repeat(32)}`] },
  { name: 'a DNAME', changes: [upsert('old.example.com.', RRType.DNAME, ['example.net.'])], diffs: ['old.example.com. DNAME -→example.net.'] },
  { name: 'a DNAME at the apex beside SOA and NS', current: [set('example.com.', RRType.SOA, ['ns1.example.com. h.example.com. 1 2 3 4 5']), set('example.com.', RRType.NS, ['ns1.example.net.'])], changes: [upsert('example.com.', RRType.DNAME, ['example.net.'])], diffs: ['example.com. DNAME -→example.net.'] },
  { name: 'two DNAME values', changes: [upsert('old.example.com.', RRType.DNAME, ['example.net.', 'example.org.'])], error: 'changes[0].type' },
  { name: 'a DNAME beside a CNAME', changes: [upsert('old.example.com.', RRType.CNAME, ['x.example.net.']), upsert('old.example.com.', RRType.DNAME, ['example.net.'])], error: 'changes[1].type' },
  { name: 'a DNAME over names below it', current: [...base, set('x.old.example.com.', RRType.A, ['192.0.2.1'])], changes: [upsert('old.example.com.', RRType.DNAME, ['example.net.'])], error: 'changes[0].type' },
  { name: 'data below a DNAME', current: [...base, set('old.example.com.', RRType.DNAME, ['example.net.'])], changes: [upsert('a.b.old.example.com.', RRType.TXT, ['"x"'])], error: 'changes[0].name' },
  { name: 'data beside a DNAME', current: [...base, set('old.example.com.', RRType.DNAME, ['example.net.'])], changes: [upsert('old.example.com.', RRType.TXT, ['"x"'])], diffs: ['old.example.com. TXT -→"x"'] },
  { name: 'DS without a delegation', changes: [upsert('www.example.com.', RRType.DS, ['12345 13 2 ' + 'ab'.repeat(32)])], error: 'changes[0].type' },
];

describe('planChanges', () => {
  it.each(cases)('$name', (c) => {
    const labels = c.changes.map((_, i) => `changes[${i}].`);
    const run = () => planChanges(origin, c.current ?? base, c.changes, labels);
    if (c.error !== undefined) {
      let caught: unknown;
      try {
        run();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).field).toBe(c.error);
      return;
    }
    expect(run().map(summary)).toEqual(c.diffs);
  });

  it.each(cases)('$name: the same outcome from only the needed content', (c) => {
    const labels = c.changes.map((_, i) => `changes[${i}].`);
    const needed = neededContent(origin, c.changes);
    const subset = (c.current ?? base).filter((s) => needed.names.has(s.name) || [...needed.below].some((cut) => s.name !== cut && isSubdomain(s.name, cut)));
    const outcome = (current: RRsetData[]) => {
      try {
        return planChanges(origin, current, c.changes, labels).map(summary);
      } catch (err) {
        return (err as ValidationError).field;
      }
    };
    expect(outcome(subset)).toEqual(outcome(c.current ?? base));
  });

  it('needs the changed names, their ancestors, and what lies below a new delegation', () => {
    const needed = neededContent(origin, [upsert('a.b.example.com.', RRType.TXT, ['"x"']), upsert('sub.example.com.', RRType.NS, ['ns.example.net.']), del('c.example.com.', RRType.NS)]);
    expect([...needed.names].sort()).toEqual(['a.b.example.com.', 'b.example.com.', 'c.example.com.', 'example.com.', 'sub.example.com.']);
    expect([...needed.below]).toEqual(['sub.example.com.']);
  });

  it('does not modify the current content', () => {
    const current = base.map((s) => ({ ...s, records: [...s.records] }));
    planChanges(origin, current, [del('www.example.com.', RRType.A), upsert('example.com.', RRType.NS, ['ns.example.net.'])], ['', '']);
    expect(current).toEqual(base);
  });
});
