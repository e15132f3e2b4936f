// TEMPORARY harness proof: NSD vs Knot through the same corpus and comparator.
import { writeFile } from 'node:fs/promises';
import { it } from 'vitest';
import { startKnot } from '../helpers/knot-server.js';
import { startNsd } from '../helpers/nsd-server.js';
import { FIXTURE_ZONES, loadZoneEntries } from './fixture-zones.js';
import { generateCorpus } from './query-corpus.js';
import { formatOutcome, runCorpus } from './run-corpus.js';

it('nsd vs knot', async () => {
  const corpus = generateCorpus(await Promise.all(FIXTURE_ZONES.map(loadZoneEntries)), 0x0d5c0e);
  console.log('corpus', corpus.length);
  const nsd = await startNsd(FIXTURE_ZONES);
  const knot = await startKnot(FIXTURE_ZONES);
  try {
    const t0 = Date.now();
    const outcomes = await runCorpus(corpus, nsd.port, knot.port);
    console.log('ran in', Date.now() - t0);
    const failing = outcomes.filter((o) => o.unexplained.length > 0);
    const byAspect = new Map<string, number>();
    for (const o of failing) for (const d of o.unexplained) byAspect.set(d.aspect, (byAspect.get(d.aspect) ?? 0) + 1);
    console.log(failing.length, [...byAspect]);
    await writeFile('/tmp/nsd-knot.txt', failing.map((o) => formatOutcome(o, 'nsd', 'knot')).join('\n\n'));
  } finally {
    await knot.stop();
    await nsd.stop();
  }
}, 300_000);
