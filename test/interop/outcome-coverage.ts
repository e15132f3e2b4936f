// Sorts replies into outcome kinds, so a corpus can be checked to provoke every kind at least once.
import type { Reply } from '../helpers/dns-client.js';
import type { CorpusQuery } from './corpus-builder.js';

/**
 * Counts replies by kind: 'no reply', 'unparsable', 'truncated', 'badvers', 'formerr',
 * 'notimp', 'refused', 'nxdomain', 'referral', 'nodata', 'cname', 'wildcard' (a positive
 * answer to a name made up under a wildcard) and 'answer'. A reply counts once, under its
 * most specific kind.
 */
export function outcomeCoverage(outcomes: readonly { query: CorpusQuery; reply: Reply }[]): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (kind: string): void => void counts.set(kind, (counts.get(kind) ?? 0) + 1);
  for (const { query, reply } of outcomes) {
    const m = reply.message;
    if (reply.bytes === null) bump('no reply');
    else if (m === null) bump('unparsable');
    else if (m.tc) bump('truncated');
    else if (m.rcode === 16) bump('badvers');
    else if (m.rcode === 1) bump('formerr');
    else if (m.rcode === 4) bump('notimp');
    else if (m.rcode === 5) bump('refused');
    else if (m.rcode === 3) bump('nxdomain');
    else if (m.rcode !== 0) bump(`rcode ${m.rcode}`);
    else if (!m.aa && m.authority.some((rr) => rr.type === 2)) bump('referral');
    else if (m.answer.length === 0) bump('nodata');
    else if (m.answer.some((rr) => rr.type === 5)) bump('cname');
    else if (query.purpose === 'wildcard') bump('wildcard');
    else bump('answer');
  }
  return counts;
}
