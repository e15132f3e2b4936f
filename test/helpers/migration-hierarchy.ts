// A private DNS hierarchy on loopback port 53 for the migration tests: NSD root, TLD "test." and an
// "old provider", a silent server, each on its own 127.0.53.x address; our edge goes on EDGE_ADDR.
import dgram from 'node:dgram';
import { startMigrationNsd } from './migration-nsd.js';
import type { MigrationNsd } from './migration-nsd.js';

export const ROOT_ADDR = '127.0.53.1';
export const TLD_ADDR = '127.0.53.2';
export const OLD_ADDR = '127.0.53.3';
export const EDGE_ADDR = '127.0.53.4';
export const SILENT_ADDR = '127.0.53.9';
/** Our name servers: both resolve to EDGE_ADDR. */
export const OUR_NS = ['ns1.dnscove.test.', 'ns2.dnscove.test.'] as const;
/** DNSCOVE_ROOT_HINTS for this hierarchy. */
export const ROOT_HINTS = `a.root=${ROOT_ADDR}:53`;

const ROOT_ZONE = `$ORIGIN .
. 86400 IN SOA a.root-servers.net. hostmaster.root. 1 1800 900 604800 86400
. 518400 IN NS a.root-servers.net.
a.root-servers.net. 518400 IN A ${ROOT_ADDR}
test. 172800 IN NS ns1.nic.test.
ns1.nic.test. 172800 IN A ${TLD_ADDR}
broken. 172800 IN NS ns1.nic.test.
slow. 172800 IN NS ns.slow.
ns.slow. 172800 IN A ${SILENT_ADDR}
lame. 172800 IN NS ns.lame.
ns.lame. 172800 IN A ${OLD_ADDR}
`;

/** The DS the parent holds for full.test (presentation, as a registrar would have entered it). */
export const FULL_DS = '12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF';

// none.test: only the old provider; partial.test: old provider and one of ours; full.test: ours (with a DS).
const TLD_ZONE = `$ORIGIN test.
@ 86400 IN SOA ns1.nic.test. hostmaster.nic.test. 1 1800 900 604800 86400
@ 86400 IN NS ns1.nic.test.
ns1.nic 86400 IN A ${TLD_ADDR}
ns1.dnscove 86400 IN A ${EDGE_ADDR}
ns2.dnscove 86400 IN A ${EDGE_ADDR}
ns1.oldhost 86400 IN A ${OLD_ADDR}
none 86400 IN NS ns1.oldhost.test.
partial 86400 IN NS ns1.oldhost.test.
partial 86400 IN NS ns1.dnscove.test.
full 86400 IN NS ns1.dnscove.test.
full 86400 IN NS ns2.dnscove.test.
full 86400 IN DS ${FULL_DS}
`;

/** What the old provider serves for a customer zone (the same content for every origin). */
export function customerZone(origin: string): string {
  return `$ORIGIN ${origin}
$TTL 300
@ 3600 IN SOA ns1.oldhost.test. hostmaster.oldhost.test. 2024010101 7200 900 1209600 300
@ 3600 IN NS ns1.oldhost.test.
@ IN A 192.0.2.10
@ IN MX 10 mail
@ IN TXT "v=spf1 mx -all" "second string"
www IN A 192.0.2.1
www IN A 192.0.2.2
www IN AAAA 2001:db8::1
mail IN A 192.0.2.25
*.apps IN CNAME www
_sip._tcp IN SRV 10 60 5060 sip
sip IN A 192.0.2.60
@ IN CAA 0 issue "letsencrypt.org"
sub IN NS ns1.sub
ns1.sub IN A 192.0.2.53
`;
}

/** RRsets in customerZone other than the apex SOA and NS. */
export const CUSTOMER_RRSETS = 12;

export interface PrivateHierarchy {
  /** Stops every server it started, by PID. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the root (ROOT_ADDR), the TLD "test." plus a "broken." zone that fails to load
 * (SERVFAIL) on TLD_ADDR, the old provider (OLD_ADDR, AXFR allowed; it refuses "lame."), and
 * a UDP socket on SILENT_ADDR that never answers (timeouts). "gone.test." does not exist.
 */
export async function startPrivateHierarchy(): Promise<PrivateHierarchy> {
  const servers: MigrationNsd[] = [];
  let silent: dgram.Socket | undefined;
  const stop = async (): Promise<void> => {
    const s = silent;
    silent = undefined;
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
    for (const server of servers.splice(0)) await server.stop();
  };
  try {
    servers.push(await startMigrationNsd(ROOT_ADDR, 53, [{ origin: '.', text: ROOT_ZONE }]));
    servers.push(
      await startMigrationNsd(TLD_ADDR, 53, [
        { origin: 'test.', text: TLD_ZONE },
        { origin: 'broken.', text: 'this is not a zone file\n', broken: true },
      ]),
    );
    servers.push(
      await startMigrationNsd(
        OLD_ADDR,
        53,
        ['none.test.', 'partial.test.', 'full.test.'].map((origin) => ({ origin, text: customerZone(origin), allowTransfer: true })),
      ),
    );
    const socket = dgram.createSocket('udp4');
    silent = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(53, SILENT_ADDR, () => resolve());
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
