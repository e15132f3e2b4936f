// Decides which version of the reload zone produced a reply, or why no single published version could have.
import type { Reply, ReplyRecord } from './reply.js';
import { RELOAD_ORIGIN, SERIAL_BASE, reloadAddresses, reloadAliasTarget, reloadTargetAddress, reloadText } from './reload-zone.js';
import type { ReloadQuestion } from './reload-zone.js';

/** What the reload verifier saw; verify-reload prints it as one JSON object when it stops. */
export interface VerifySummary {
  asked: number;
  answered: number;
  unanswered: number;
  mismatches: number;
  /** Answers per version seen, by version number. */
  versions: Record<string, number>;
  /** Times the version seen went down after a higher one had been answered (one edge process: should be 0). */
  regressions: number;
  examples: string[];
}

/** The version a reply came from, or a mismatch with a human-readable reason. */
export type ReloadVerdict = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly reason: string };

const bad = (reason: string): ReloadVerdict => ({ ok: false, reason });

function within(version: number, maxVersion: number, what: string): ReloadVerdict {
  return Number.isInteger(version) && version >= 0 && version <= maxVersion ? { ok: true, version } : bad(`${what}: version ${version} was never published`);
}

function serialVersion(records: readonly ReplyRecord[], maxVersion: number, where: string): ReloadVerdict {
  const soa = records.filter((r) => r.type === 'SOA' && r.name === RELOAD_ORIGIN);
  if (soa.length !== 1) return bad(`${where}: expected one apex SOA, got ${soa.length}`);
  return within(Number(soa[0]!.data) - SERIAL_BASE, maxVersion, `${where} serial ${soa[0]!.data}`);
}

/**
 * Checks a reply to `q` against versions 0..maxVersion of the reload zone. Every RRset in the
 * reply must come from one version: both addresses of r{i}, the CNAME of c{i} and its target's
 * address (the target name exists in one version only), the TXT text, and the SOA serial in
 * the answer (apex) or authority (NXDOMAIN, RFC 2308 §3) section.
 */
export function checkReloadReply(q: ReloadQuestion, reply: Reply, maxVersion: number): ReloadVerdict {
  const expectRcode = q.kind === 'nxdomain' ? 3 : 0;
  if (reply.rcode !== expectRcode) return bad(`${q.name} ${q.type}: rcode ${reply.rcode}, expected ${expectRcode}`);
  if (!reply.aa) return bad(`${q.name} ${q.type}: AA not set`);
  if (reply.tc) return bad(`${q.name} ${q.type}: truncated`);
  const at = (name: string, type: string): ReplyRecord[] => reply.answers.filter((r) => r.name === name && r.type === type);
  switch (q.kind) {
    case 'addresses': {
      const addrs = at(q.name, 'A').map((r) => r.data).sort();
      const v = Number(addrs[0]?.split('.')[1]);
      const [a, b] = reloadAddresses(q.index, v);
      if (addrs.length !== 2 || addrs[0] !== a || addrs[1] !== b) return bad(`${q.name} A: ${JSON.stringify(addrs)} is not one version's RRset`);
      return within(v, maxVersion, `${q.name} A`);
    }
    case 'text': {
      const texts = at(q.name, 'TXT').map((r) => r.data);
      const v = Number(/^v=(\d+) /.exec(texts[0] ?? '')?.[1]);
      if (texts.length !== 1 || texts[0] !== reloadText(q.index, v)) return bad(`${q.name} TXT: ${JSON.stringify(texts)}`);
      return within(v, maxVersion, `${q.name} TXT`);
    }
    case 'alias': {
      const cname = at(q.name, 'CNAME');
      const target = cname[0]?.data ?? '';
      const v = Number(/^t\d+-v(\d+)\./.exec(target)?.[1]);
      if (cname.length !== 1 || target !== reloadAliasTarget(q.index, v)) return bad(`${q.name} CNAME: ${JSON.stringify(cname)}`);
      const addrs = at(target, 'A').map((r) => r.data);
      if (addrs.length !== 1 || addrs[0] !== reloadTargetAddress(q.index, v)) {
        return bad(`${q.name} A: CNAME from version ${v} but target address ${JSON.stringify(addrs)}`);
      }
      return within(v, maxVersion, `${q.name} CNAME`);
    }
    case 'soa':
      return serialVersion(reply.answers, maxVersion, `${q.name} SOA`);
    case 'nxdomain':
      return serialVersion(reply.authorities, maxVersion, `${q.name} NXDOMAIN authority`);
  }
}
