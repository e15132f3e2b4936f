// The ordered list of schema migrations; add a new NNN-name.ts module and list it here.
import type { Migration } from './migration.js';
import { migration as initial } from './001-initial.js';
import { migration as checks } from './002-checks.js';
import { migration as acme } from './003-acme.js';
import { migration as rrsetChanges } from './004-rrset-changes.js';
import { migration as edges } from './005-edges.js';
import { migration as edgeInstances } from './006-edge-instances.js';
import { migration as zoneNameservers } from './007-zone-nameservers.js';
import { migration as aliases } from './008-aliases.js';
import { migration as operators } from './009-operators.js';
import { migration as zoneClaims } from './010-zone-claims.js';
import { migration as members } from './011-members.js';
import { migration as signOut } from './012-sign-out.js';
import { migration as feedIdentity } from './013-feed-identity.js';
import { migration as tsigKeys } from './014-tsig-keys.js';
import { migration as secondaries } from './015-secondaries.js';
import { migration as dnssecKeys } from './016-dnssec-keys.js';
import { migration as dnssecSigning } from './017-dnssec-signing.js';
import { migration as dnssecRemoving } from './018-dnssec-removing.js';
import { migration as dnssecRollover } from './019-dnssec-rollover.js';
import { migration as dnssecDenial } from './020-dnssec-denial.js';
import { migration as dnssecSignals } from './021-dnssec-signals.js';
import { migration as powerDnsApi } from './022-powerdns-api.js';
import { migration as edgeZoneSerials } from './023-edge-zone-serials.js';
import { migration as feedJournalTail } from './024-feed-journal-tail.js';

export const migrations: readonly Migration[] = [initial, checks, acme, rrsetChanges, edges, edgeInstances, zoneNameservers, aliases, operators, zoneClaims, members, signOut, feedIdentity, tsigKeys, secondaries, dnssecKeys, dnssecSigning, dnssecRemoving, dnssecRollover, dnssecDenial, dnssecSignals, powerDnsApi, edgeZoneSerials, feedJournalTail];
