// Unit: the PowerDNS API's bodies become typed requests, or PowerDNS's refusals.
import { describe, expect, it } from 'vitest';
import { PdnsError } from '../../../../control/pdns-api/pdns-error.js';
import { parseRRsetPatch, parseZoneCreate, parseZoneUpdate } from '../../../../control/pdns-api/parse-pdns-body.js';

const NOW = 1_700_000_000;
const refusal = (fn: () => unknown): { status: number; message: string } => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PdnsError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('not refused');
};

describe('PATCH bodies', () => {
  it('read REPLACE with records, disabled flags and comments; extra fields are ignored', () => {
    const [r] = parseRRsetPatch(
      {
        id: 'example.com.',
        kind: 'Native',
        rrsets: [{ name: 'WWW.example.com.', type: 'a', ttl: 60, changetype: 'replace', records: [{ content: '192.0.2.1', disabled: true, 'set-ptr': false, name: 'x' }], comments: [{ content: 'c' }] }],
      },
      NOW,
    );
    expect(r).toEqual({ name: 'www.example.com.', type: 'A', changetype: 'REPLACE', ttl: 60, records: [{ content: '192.0.2.1', disabled: true }], comments: [{ content: 'c', account: '', modifiedAt: NOW }] });
  });

  it('read DELETE without ttl or records', () => {
    expect(parseRRsetPatch({ rrsets: [{ name: 'a.example.com.', type: 'TXT', changetype: 'DELETE' }] }, NOW)[0]).toMatchObject({ changetype: 'DELETE', ttl: undefined, records: undefined });
  });

  it('refuse as PowerDNS does', () => {
    expect(refusal(() => parseRRsetPatch({}, NOW))).toEqual({ status: 422, message: 'No rrsets given in update request' });
    expect(refusal(() => parseRRsetPatch([], NOW))).toEqual({ status: 400, message: 'The request body is not a JSON object' });
    expect(refusal(() => parseRRsetPatch({ rrsets: [{ type: 'A', changetype: 'DELETE' }] }, NOW))).toEqual({ status: 422, message: "Key 'name' not present or not a String" });
    expect(refusal(() => parseRRsetPatch({ rrsets: [{ name: 'a.example.com.', type: 'A' }] }, NOW))).toEqual({ status: 422, message: "Key 'changetype' not present or not a String" });
    expect(refusal(() => parseRRsetPatch({ rrsets: [{ name: 'a.example.com.', type: 'A', changetype: 'REPLACE', ttl: '60', records: [] }] }, NOW))).toEqual({ status: 422, message: "Key 'ttl' not an Integer or not present" });
    expect(refusal(() => parseRRsetPatch({ rrsets: [{ name: 'a.example.com.', type: 'A', changetype: 'REPLACE', ttl: 60, records: [{ content: 1 }] }] }, NOW))).toEqual({ status: 422, message: "Key 'content' not present or not a String" });
    expect(refusal(() => parseRRsetPatch({ rrsets: [{ name: 'a.example.com.', type: 'A', changetype: 'EXTEND' }] }, NOW))).toEqual({ status: 422, message: 'RRset a.example.com. IN A: EXTEND needs records' });
  });
});

describe('zone bodies', () => {
  it('read a create with its RRsets, REPLACE when no changetype is given', () => {
    const z = parseZoneCreate({ name: 'example.com.', kind: 'master', nameservers: ['ns1.example.net.'], rrsets: [{ name: 'example.com.', type: 'TXT', ttl: 60, records: [{ content: '"x"' }] }] }, NOW);
    expect(z).toMatchObject({ name: 'example.com.', kind: 'Master', account: '', nameservers: ['ns1.example.net.'] });
    expect(z.rrsets[0]!.changetype).toBe('REPLACE');
  });

  it('default to Native, and refuse a secondary or unknown kind', () => {
    expect(parseZoneCreate({ name: 'example.com.' }, NOW).kind).toBe('Native');
    expect(refusal(() => parseZoneCreate({ name: 'example.com.', kind: 'Slave' }, NOW)).status).toBe(422);
    expect(refusal(() => parseZoneCreate({ name: 'example.com.', kind: 'Weird' }, NOW))).toEqual({ status: 422, message: "ZoneKind 'Weird' unknown" });
    expect(refusal(() => parseZoneCreate({ name: 'example.com.', nameservers: 'ns1.' }, NOW))).toEqual({ status: 422, message: "Key 'nameservers' is not a list of Strings" });
  });

  it('read an update of kind and account, the rest left as it is', () => {
    expect(parseZoneUpdate({ kind: 'Master', id: '', url: '' })).toEqual({ kind: 'Master', account: undefined });
    expect(parseZoneUpdate({})).toEqual({ kind: undefined, account: undefined });
  });
});
