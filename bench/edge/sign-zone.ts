// CLI: signs a zone file as DNSCove's signer does (one ECDSA P-256 combined key, NSEC3 with no
// salt and 0 iterations) and writes it as a pre-signed zone file that NSD and `dnscove snapshot
// build` both load, so the two serve the same signatures.
// Usage: node dist/bench/edge/sign-zone.js --in ZONEFILE --origin ORIGIN --out SIGNED
import { writeFile } from 'node:fs/promises';
import { parseFlags } from '../../bin/cli/flags.js';
import type { Name } from '../../shared/dns/name.js';
import { signZone } from '../../shared/dnssec/sign-zone.js';
import { generateSigningKey } from '../../shared/dnssec/signing-key.js';
import { loadZoneFile } from '../../shared/zonefile/zone-from-records.js';
import { signedZoneText } from '../../test/helpers/dnssec-verifiers.js';

const flags = parseFlags(process.argv.slice(2), ['in', 'origin', 'out']);
const [input, origin, out] = ['in', 'origin', 'out'].map((f) => flags.values.get(f)?.at(-1));
if (input === undefined || origin === undefined || out === undefined) {
  process.stderr.write('usage: sign-zone --in ZONEFILE --origin ORIGIN --out SIGNED\n');
  process.exit(2);
}
const now = Math.floor(Date.now() / 1000);
const zone = signZone(await loadZoneFile(input, origin as Name), generateSigningKey(), { inception: now - 3600, expiration: now + 14 * 86_400 });
await writeFile(out, signedZoneText(zone));
