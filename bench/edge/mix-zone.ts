// The throughput zone: a few thousand names of realistic shape, and the questions that exercise each answer path.
import type { LineWriter } from './line-writer.js';
import type { Question } from './question.js';

/** Origin of the throughput zone. */
export const MIX_ORIGIN = 'bench.example.';

const HOSTS = 2000;
const MAILS = 20;
const ALIASES = 300;
const WILDCARDS = 50;
const DELEGATIONS = 200;
const ENTS = 100;

/** The outcome classes of RFC 1034 §4.3.2 the query files draw from. */
export type QuestionClass = 'hit' | 'nodata' | 'nxdomain' | 'wildcard' | 'referral';

const abs = (relative: string): string => (relative === '@' ? MIX_ORIGIN : `${relative}.${MIX_ORIGIN}`);

function hostV4(i: number, k: number): string {
  return `10.${i >> 8}.${i & 255}.${k}`;
}

/**
 * Writes the zone in RFC 1035 presentation format: apex SOA/NS/MX/TXT/A/AAAA; hosts with A,
 * every other one AAAA, every fifth TXT, every tenth two addresses; CNAMEs to hosts; wildcards
 * (`*.wildN`, whose parent is an empty non-terminal); delegations with in-bailiwick glue; and
 * names two labels under `entN`, which makes `entN` and `b.entN` empty non-terminals.
 */
export function writeMixZone(out: LineWriter): void {
  out.line(`$ORIGIN ${MIX_ORIGIN}`);
  out.line('$TTL 3600');
  out.line('@ IN SOA ns1 hostmaster 2026112301 7200 3600 1209600 300');
  out.line('@ IN NS ns1');
  out.line('@ IN NS ns2');
  out.line('@ IN MX 10 mail0');
  out.line('@ IN MX 20 mail1');
  out.line('@ IN TXT "v=spf1 mx -all"');
  out.line('@ IN A 192.0.2.1');
  out.line('@ IN AAAA 2001:db8::1');
  out.line('ns1 IN A 192.0.2.53');
  out.line('ns1 IN AAAA 2001:db8::53');
  out.line('ns2 IN A 198.51.100.53');
  out.line('ns2 IN AAAA 2001:db8:1::53');
  for (let i = 0; i < HOSTS; i++) {
    out.line(`host${i} IN A ${hostV4(i, 1)}`);
    if (i % 10 === 0) out.line(`host${i} IN A ${hostV4(i, 2)}`);
    if (i % 2 === 0) out.line(`host${i} IN AAAA 2001:db8:10::${i.toString(16)}`);
    if (i % 5 === 0) out.line(`host${i} IN TXT "host ${i}" "generated for the edge benchmark"`);
  }
  for (let i = 0; i < MAILS; i++) {
    out.line(`mail${i} IN A 192.0.2.${100 + i}`);
    out.line(`mail${i} IN AAAA 2001:db8:25::${i.toString(16)}`);
  }
  for (let i = 0; i < ALIASES; i++) out.line(`www${i} IN CNAME host${i}`);
  for (let i = 0; i < WILDCARDS; i++) {
    out.line(`*.wild${i} IN A 203.0.113.${i}`);
    out.line(`*.wild${i} IN TXT "wildcard ${i}"`);
  }
  for (let i = 0; i < DELEGATIONS; i++) {
    out.line(`sub${i} IN NS ns1.sub${i}`);
    out.line(`sub${i} IN NS ns2.sub${i}`);
    out.line(`ns1.sub${i} IN A 10.200.${i}.1`);
    out.line(`ns1.sub${i} IN AAAA 2001:db8:200::${i.toString(16)}`);
    out.line(`ns2.sub${i} IN A 10.201.${i}.1`);
  }
  for (let i = 0; i < ENTS; i++) out.line(`a.b.ent${i} IN A 10.250.${i}.1`);
}

/**
 * Draws one question of the given class, using `int(n)` (uniform in [0, n)) for choices.
 * Every question's outcome against the zone above is fixed by construction.
 */
export function drawQuestion(kind: QuestionClass, int: (n: number) => number): Question {
  switch (kind) {
    case 'hit': {
      const r = int(20);
      if (r < 8) return { name: abs(`host${int(HOSTS)}`), type: 'A' };
      if (r < 11) return { name: abs(`host${2 * int(HOSTS / 2)}`), type: 'AAAA' };
      if (r < 12) return { name: abs(`host${5 * int(HOSTS / 5)}`), type: 'TXT' };
      if (r < 15) return { name: abs(`www${int(ALIASES)}`), type: 'A' };
      if (r < 16) return { name: abs('@'), type: ['SOA', 'NS', 'MX', 'TXT', 'A', 'AAAA'][int(6)]! };
      if (r < 18) return { name: abs(`mail${int(MAILS)}`), type: int(2) === 0 ? 'A' : 'AAAA' };
      return { name: abs(`a.b.ent${int(ENTS)}`), type: 'A' };
    }
    case 'nodata': {
      const r = int(4);
      if (r === 0) return { name: abs(`host${2 * int(HOSTS / 2) + 1}`), type: 'AAAA' };
      if (r === 1) return { name: abs(`host${int(HOSTS)}`), type: 'MX' };
      if (r === 2) return { name: abs(`ent${int(ENTS)}`), type: 'A' };
      return { name: abs(`b.ent${int(ENTS)}`), type: 'TXT' };
    }
    case 'nxdomain': {
      const r = int(3);
      if (r === 0) return { name: abs(`nx${int(1_000_000)}`), type: 'A' };
      if (r === 1) return { name: abs(`x.host${int(HOSTS)}`), type: 'AAAA' };
      return { name: abs(`missing-${int(1_000_000)}.ent${int(ENTS)}`), type: 'A' };
    }
    case 'wildcard':
      return { name: abs(`q${int(100_000)}.wild${int(WILDCARDS)}`), type: ['A', 'A', 'TXT', 'AAAA'][int(4)]! };
    case 'referral': {
      const r = int(3);
      const i = int(DELEGATIONS);
      if (r === 0) return { name: abs(`www.sub${i}`), type: 'A' };
      if (r === 1) return { name: abs(`sub${i}`), type: 'NS' };
      return { name: abs(`host${int(100)}.sub${i}`), type: 'AAAA' };
    }
  }
}

/** A name every server must answer with this address once the zone is loaded. */
export const MIX_PROBE = { name: abs('host1'), type: 'A', value: hostV4(1, 1) } as const;
