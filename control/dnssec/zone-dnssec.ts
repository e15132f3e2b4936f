// GET /api/zones/{id}/dnssec: the zone's keys as the parent needs them (DS, DNSKEY) and as the
// zone publishes them (CDS, CDNSKEY), from the public half of each; the private halves stay sealed.
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import { apexKeyRRsets, DNSKEY_TTL } from '../../shared/dnssec/sign-zone.js';
import type { ActiveKey } from '../../shared/dnssec/sign-zone.js';
import { DnssecAlgorithm, dsRdata } from '../../shared/dnssec/signing-key.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';
import type { Services } from '../services.js';
import { findRollover } from '../store/dnssec-rollovers.js';
import type { RolloverRow } from '../store/dnssec-rollovers.js';
import type { ZoneRow } from '../store/zones.js';
import { WAITING_FOR } from './key-rollover.js';
import { ensureZoneKey, openKey, zoneKeys } from './zone-signing-key.js';

const ALGORITHM_NAMES = { [DnssecAlgorithm.EcdsaP256Sha256]: 'ECDSAP256SHA256', [DnssecAlgorithm.Ed25519]: 'ED25519' } as const;
const algorithmName = (key: ActiveKey) => ALGORITHM_NAMES[key.key.algorithm];
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Records of `type` among `rrsets`, one presentation line each. */
function lines(rrsets: readonly RRset[], type: number): string[] {
  return rrsets.filter((r) => r.type === type).flatMap((r) => r.rdata.map((rdata) => `${r.name} ${r.ttl} IN ${type === RRType.DNSKEY ? 'DNSKEY' : type === RRType.CDS ? 'CDS' : 'CDNSKEY'} ${formatRdata(type, rdata)}`));
}

function rolloverJson(services: Pick<Services, 'db' | 'keyVault' | 'now'>, rollover: RolloverRow): NonNullable<ZoneDnssecJson['rollover']> {
  const incoming = openKey(services, rollover.algorithm, rollover.sealedKey);
  return {
    phase: rollover.phase,
    algorithm: incoming.key.algorithm,
    algorithm_name: algorithmName(incoming),
    key_tag: incoming.tag,
    started_at: iso(rollover.startedAt),
    next_step_at: rollover.nextAt === null ? null : iso(rollover.nextAt),
    waiting_for: WAITING_FOR[rollover.phase],
  };
}

export function zoneDnssec(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zone: ZoneRow): ZoneDnssecJson {
  const row = ensureZoneKey(services, zone.id);
  const current = openKey(services, row.algorithm, row.sealedKey);
  const keys = zoneKeys(services, zone.id, zone.origin);
  const apex = apexKeyRRsets(keys);
  const rollover = findRollover(services.db, zone.id);
  // Going unsigned, CDS asks for the DS's removal; `ds` still says which DS the zone had.
  const dsKeys = keys.submitted.length > 0 ? keys.submitted : [current];
  return {
    enabled: row.signing && !row.removing,
    state: row.signing ? (row.removing ? 'removing' : 'signed') : 'unsigned',
    algorithm: current.key.algorithm,
    algorithm_name: algorithmName(current),
    key_tag: current.tag,
    ds: dsKeys.map((key) => {
      const rdata = dsRdata(zone.origin, key.dnskey);
      return {
        key_tag: key.tag,
        algorithm: key.key.algorithm,
        digest_type: rdata[3]!,
        digest: rdata.subarray(4).toString('hex').toUpperCase(),
        record: `${zone.origin} ${DNSKEY_TTL} IN DS ${formatRdata(RRType.DS, rdata)}`,
      };
    }),
    dnskey: lines(apex, RRType.DNSKEY),
    cds: lines(apex, RRType.CDS),
    cdnskey: lines(apex, RRType.CDNSKEY),
    denial: row.denial === 'NSEC' ? { type: 'NSEC' } : { type: 'NSEC3', iterations: 0, salt: '', opt_out: false },
    rollover: rollover === undefined ? null : rolloverJson(services, rollover),
  };
}

/** The DS RDATA of the zone's published keys, one of which the parent holds while the zone is signed; none for one published unsigned. */
export function zoneDsRdata(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zone: ZoneRow): Buffer[] {
  if (!ensureZoneKey(services, zone.id).signing) return [];
  return zoneKeys(services, zone.id, zone.origin).published.map((key) => dsRdata(zone.origin, key.dnskey));
}
