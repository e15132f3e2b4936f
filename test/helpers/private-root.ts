// A private DNS root for tests that resolve from the top (ALIAS targets, claims, delegation checks):
// NSD serves "." on a loopback high port, and the control plane's resolver is pointed at it.
import type { ChecksConfig } from '../../control/checks/checks-config.js';
import { parseName } from '../../shared/dns/name.js';

/** The root zone with `a.root.` at `host`, and `delegations` (zone-file lines) below it. */
export function privateRootZone(host: string, delegations: string): string {
  return `$ORIGIN .
. 86400 IN SOA a.root. hostmaster.root. 1 1800 900 604800 86400
. 86400 IN NS a.root.
a.root. 86400 IN A ${host}
${delegations}`;
}

/** The checks' resolver settings that start at that root, every server on `port`. */
export function checksThroughPrivateRoot(host: string, port: number): ChecksConfig {
  return { resolver: { rootHints: [{ host, port, name: parseName('a.root.') }], port, timeoutMs: 1000 }, parityLimit: 1000 };
}
