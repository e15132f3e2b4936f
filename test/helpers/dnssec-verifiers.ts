// A signed zone written for the offline DNSSEC verifiers (ldns-verify-zone, BIND's
// dnssec-verify, Knot's kzonecheck), and what each says of it.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';

const run = promisify(execFile);

/** The zone as a master file, every record in RFC 3597 generic form (each tool reads it); `flip` gets one bit of its signature flipped. */
export function signedZoneText(zone: ZoneContent, flip?: RRset): string {
  const line = (name: Name, ttl: number, type: number, rdata: Buffer): string => `${name} ${ttl} IN TYPE${type} \\# ${rdata.length} ${rdata.length === 0 ? '' : rdata.toString('hex')}`;
  const lines = zone.rrsets.flatMap((r: RRset) => r.rdata.map((d) => line(r.name, r.ttl, r.type, d)));
  for (const rrset of zone.rrsets) {
    for (const signature of rrset.signatures ?? []) {
      const rdata = Buffer.from(signature);
      if (rrset === flip) rdata[rdata.length - 5]! ^= 0x01;
      lines.push(line(rrset.name, rrset.ttl, RRType.RRSIG, rdata));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** 'ok', or 'rejected: ' and what the tool printed. */
export const verdictOf = async (cmd: string, args: string[]): Promise<string> =>
  run(cmd, args, { maxBuffer: 16 << 20 }).then(
    () => 'ok',
    (err: { stdout?: string; stderr?: string }) => `rejected: ${(err.stderr ?? '') + (err.stdout ?? '')}`.slice(0, 600),
  );

/** Writes `text` to `file` and asks the three verifiers about it. */
export async function verifierVerdicts(origin: string, text: string, file: string): Promise<Record<string, string>> {
  await writeFile(file, text);
  return {
    'ldns-verify-zone': await verdictOf('ldns-verify-zone', [file]),
    'dnssec-verify': await verdictOf('dnssec-verify', ['-z', '-o', origin, file]),
    kzonecheck: await verdictOf('kzonecheck', ['-d', 'on', '-o', origin, file]),
  };
}
