// The differential test on signed zones (issue 15): every fixture zone signed by shared/dnssec
// (one combined key; NSEC3, and again NSEC), written as one pre-signed zone file that NSD loads
// and the edge builds its snapshot from, then the corpus asked of both with DO=0 and again with
// DO=1: RRSIGs with each RRset, NSEC3 or NSEC proofs for NXDOMAIN, NODATA, wildcards and empty
// non-terminals, DS or its denial in referrals, names of the NSEC3 chain answered as absent,
// and truncation with signatures, reply by reply as NSD serves the same zone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQuery } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { signZone } from '../../shared/dnssec/sign-zone.js';
import { denialOf } from '../../shared/dnssec/denial.js';
import { generateSigningKey } from '../../shared/dnssec/signing-key.js';
import { loadZoneFile } from '../../shared/zonefile/zone-from-records.js';
import { signedZoneText } from '../helpers/dnssec-verifiers.js';
import { startEdge } from '../helpers/edge-server.js';
import type { EdgeServer } from '../helpers/edge-server.js';
import { requireNsd, startNsd } from '../helpers/nsd-server.js';
import type { NsdServer } from '../helpers/nsd-server.js';
import type { ZoneFixture } from '../helpers/zone-fixture.js';
import { ALLOWED_DIFFERENCES } from './allowed-differences.js';
import type { CorpusQuery } from './corpus-builder.js';
import { FIXTURE_ZONES, loadZoneEntries } from './fixture-zones.js';
import { generateCorpus } from './query-corpus.js';
import { formatOutcome, runCorpus } from './run-corpus.js';

const SEED = 0x5e_c0de;
const NOW = Math.floor(Date.now() / 1000);

/** The query asking for DNSSEC: DO set, with EDNS at the size it had (1232 when it had none). */
function withDnssec(query: CorpusQuery): CorpusQuery {
  const edns = { ...(query.spec.edns ?? { udpSize: 1232 }), dnssecOk: true };
  const spec = { ...query.spec, edns };
  return { ...query, spec, wire: encodeQuery(spec), label: `${query.label} +do` };
}

describe.each(['NSEC3', 'NSEC'] as const)('edge vs NSD on signed zones (%s), DO=0 and DO=1', (kind) => {
  const denial = denialOf(kind);
  let dir: string;
  let signed: ZoneFixture[] = [];
  let nsd: NsdServer | undefined;
  let edge: EdgeServer | undefined;
  let journalEdge: EdgeServer | undefined;
  let corpus: CorpusQuery[] = [];

  beforeAll(async () => {
    await requireNsd();
    dir = await mkdtemp(join(tmpdir(), 'dnscove-signed-differential-'));
    for (const zone of FIXTURE_ZONES) {
      const content = await loadZoneFile(zone.file, zone.origin as Name);
      const file = join(dir, `${zone.origin}zone`);
      await writeFile(file, signedZoneText(signZone(content, generateSigningKey(), { inception: NOW - 3600, expiration: NOW + 14 * 86400 }, denial)));
      signed.push({ origin: zone.origin, file });
    }
    // The corpus reads the signed zones as NSD does: the chain's names and the DNSSEC types are asked for too.
    const base = generateCorpus(await Promise.all(signed.map(loadZoneEntries)), SEED).filter((q) => q.purpose !== 'protocol');
    corpus = [...base, ...base.map(withDnssec)];
    console.log(`signed differential corpus: ${corpus.length} queries (half with DO=1)`);
    nsd = await startNsd(signed);
    // Without rate limiting, as NSD runs here: the corpus asks many names of one zone's chain in a burst.
    const rate = process.env.DNSCOVE_RRL_RATE;
    process.env.DNSCOVE_RRL_RATE = '0';
    try {
      edge = await startEdge(signed);
      journalEdge = await startEdge(signed, 'journal');
    } finally {
      if (rate === undefined) delete process.env.DNSCOVE_RRL_RATE;
      else process.env.DNSCOVE_RRL_RATE = rate;
    }
  }, 120_000);

  afterAll(async () => {
    await edge?.stop();
    await journalEdge?.stop();
    await nsd?.stop();
    signed = [];
    await rm(dir, { recursive: true, force: true });
  });

  it('NSD loaded every signed zone as secure, without an error', async () => {
    const log = await nsd!.log();
    for (const zone of signed) expect(log).toContain(`zone ${zone.origin.slice(0, -1)} read with success`);
    expect(log).not.toMatch(/\berror\b/i);
  });

  it('the corpus asks for the chain and the proofs', () => {
    const chain = kind === 'NSEC3' ? corpus.filter((q) => /^[0-9a-v]{32}\./i.test(q.spec.qname)) : corpus.filter((q) => q.spec.qtype === RRType.NSEC);
    expect(chain.length).toBeGreaterThan(50);
    expect(corpus.filter((q) => q.spec.qtype === RRType.RRSIG).length).toBeGreaterThan(20);
  });

  for (const [label, which] of [
    ['zones from snapshots', () => edge!],
    ['zones from half a snapshot and journal deltas', () => journalEdge!],
  ] as const) {
    it(`answers every query as NSD does (${label})`, async () => {
      const outcomes = await runCorpus(corpus, nsd!.port, which().port, { allowed: ALLOWED_DIFFERENCES });
      const failing = outcomes.filter((o) => o.unexplained.length > 0);
      const byAspect = new Map<string, number>();
      for (const o of failing) for (const d of o.unexplained) byAspect.set(d.aspect, (byAspect.get(d.aspect) ?? 0) + 1);
      const signedReplies = outcomes.filter((o) => o.reference.message?.answer.some((r) => r.type === RRType.RRSIG) || o.reference.message?.authority.some((r) => r.type === denial.type));
      console.log(`signed differential, ${kind} (${label}): ${corpus.length} queries, ${signedReplies.length} replies with RRSIG or ${kind} from NSD, ${failing.length} with unexplained differences ${JSON.stringify(Object.fromEntries(byAspect))}`);
      expect(signedReplies.length).toBeGreaterThan(1000);
      expect(failing.length, `${failing.length} queries differ from NSD:\n\n${failing.slice(0, 30).map((o) => formatOutcome(o, 'nsd', 'edge')).join('\n\n')}`).toBe(0);
    }, 600_000);
  }

  it('the edges logged no internal error while answering', () => {
    for (const e of [edge!, journalEdge!]) {
      expect(e.output()).not.toMatch(/"level":"error"|(snapshot|journal) refused/);
      expect(e.child.exitStatus()).toBeNull();
    }
  });
});
