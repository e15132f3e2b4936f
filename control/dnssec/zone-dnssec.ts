// GET /api/zones/{id}/dnssec: the zone's key as the parent needs it (DS, DNSKEY) and as the
// zone publishes it (CDS, CDNSKEY), from the public half of its key; the private half stays sealed.
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import { apexKeyRRsets, zoneKey } from '../../shared/dnssec/sign-zone.js';
import { DnssecAlgorithm } from '../../shared/dnssec/signing-key.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';
import { ensureZoneKey, zoneSigningKey } from './zone-signing-key.js';

const ALGORITHM_NAMES = { [DnssecAlgorithm.EcdsaP256Sha256]: 'ECDSAP256SHA256', [DnssecAlgorithm.Ed25519]: 'ED25519' } as const;

/** Records of `type` among `rrsets`, one presentation line each. */
function lines(rrsets: readonly RRset[], type: number): string[] {
  return rrsets.filter((r) => r.type === type).flatMap((r) => r.rdata.map((rdata) => `${r.name} ${r.ttl} IN ${type === RRType.DNSKEY ? 'DNSKEY' : type === RRType.CDS ? 'CDS' : 'CDNSKEY'} ${formatRdata(type, rdata)}`));
}

export function zoneDnssec(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zone: ZoneRow): ZoneDnssecJson {
  const row = ensureZoneKey(services, zone.id);
  const key = zoneKey(zone.origin, zoneSigningKey(services, zone.id));
  const apex = apexKeyRRsets(key);
  const ds = apex.find((r) => r.type === RRType.CDS)!;
  return {
    enabled: row.signing && !row.removing,
    state: row.signing ? (row.removing ? 'removing' : 'signed') : 'unsigned',
    algorithm: key.key.algorithm,
    algorithm_name: ALGORITHM_NAMES[key.key.algorithm],
    key_tag: key.tag,
    ds: ds.rdata.map((rdata) => ({
      key_tag: rdata.readUInt16BE(0),
      algorithm: rdata[2]!,
      digest_type: rdata[3]!,
      digest: rdata.subarray(4).toString('hex').toUpperCase(),
      record: `${zone.origin} ${ds.ttl} IN DS ${formatRdata(RRType.DS, rdata)}`,
    })),
    dnskey: lines(apex, RRType.DNSKEY),
    cds: lines(apex, RRType.CDS),
    cdnskey: lines(apex, RRType.CDNSKEY),
    denial: { type: 'NSEC3', iterations: 0, salt: '', opt_out: false },
  };
}

/** The DS RDATA of the zone's key, which the parent holds while the zone is signed; none for one published unsigned. */
export function zoneDsRdata(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zone: ZoneRow): Buffer[] {
  if (!ensureZoneKey(services, zone.id).signing) return [];
  return apexKeyRRsets(zoneKey(zone.origin, zoneSigningKey(services, zone.id))).filter((r) => r.type === RRType.CDS).flatMap((r) => r.rdata);
}
