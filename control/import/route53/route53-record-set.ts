// Route 53 record-set JSON (as the AWS CLI prints it) parsed from `unknown` into typed values.
import { Route53ImportError } from './route53-import-error.js';

/** The routing policy a record set with a `SetIdentifier` uses, named as the Route 53 console does. */
export type RoutingPolicy =
  | 'weighted'
  | 'latency'
  | 'geolocation'
  | 'geoproximity'
  | 'failover'
  | 'multivalue answer'
  | 'IP-based (CIDR) routing'
  | 'unknown routing policy';

/** One record set, reduced to what the importer decides on. Names and values are still Route 53 text. */
export interface Route53RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number | undefined;
  readonly values: readonly string[];
  readonly alias: { readonly dnsName: string; readonly hostedZoneId: string } | undefined;
  readonly routing: { readonly policy: RoutingPolicy; readonly setIdentifier: string } | undefined;
  readonly healthCheckId: string | undefined;
  /** The ChangeBatch action (CREATE, UPSERT, DELETE) when the input was a change batch. */
  readonly action: string | undefined;
}

/** Everything a Route 53 input holds: its record sets and whether the listing was cut short. */
export interface Route53Input {
  readonly recordSets: readonly Route53RecordSet[];
  /** `IsTruncated: true` in a list-resource-record-sets page: later pages are missing. */
  readonly truncatedAfter: string | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Route53ImportError(`${where}.${key} must be a string`);
  return v;
}

function routingPolicyOf(o: Record<string, unknown>): RoutingPolicy {
  if (o['Weight'] !== undefined) return 'weighted';
  if (o['Region'] !== undefined) return 'latency';
  if (o['GeoLocation'] !== undefined) return 'geolocation';
  if (o['GeoProximityLocation'] !== undefined) return 'geoproximity';
  if (o['Failover'] !== undefined) return 'failover';
  if (o['MultiValueAnswer'] !== undefined) return 'multivalue answer';
  if (o['CidrRoutingConfig'] !== undefined) return 'IP-based (CIDR) routing';
  return 'unknown routing policy';
}

function parseRecordSet(raw: unknown, where: string, action: string | undefined): Route53RecordSet {
  if (!isObject(raw)) throw new Route53ImportError(`${where} must be an object`);
  const name = optionalString(raw, 'Name', where);
  const type = optionalString(raw, 'Type', where);
  if (name === undefined) throw new Route53ImportError(`${where}.Name is missing`);
  if (type === undefined) throw new Route53ImportError(`${where}.Type is missing`);
  const ttlRaw = raw['TTL'];
  let ttl: number | undefined;
  if (ttlRaw !== undefined && ttlRaw !== null) {
    // CloudFormation-style inputs write TTL as a string ("900"); the CLI prints a number.
    const n = typeof ttlRaw === 'string' && /^[0-9]+$/.test(ttlRaw) ? Number(ttlRaw) : ttlRaw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Route53ImportError(`${where}.TTL must be a non-negative integer`);
    ttl = n;
  }
  const values: string[] = [];
  const rrs = raw['ResourceRecords'];
  if (rrs !== undefined && rrs !== null) {
    if (!Array.isArray(rrs)) throw new Route53ImportError(`${where}.ResourceRecords must be an array`);
    rrs.forEach((rr: unknown, i) => {
      if (!isObject(rr) || typeof rr['Value'] !== 'string') {
        throw new Route53ImportError(`${where}.ResourceRecords[${i}].Value must be a string`);
      }
      values.push(rr['Value']);
    });
  }
  let alias: Route53RecordSet['alias'];
  const aliasRaw = raw['AliasTarget'];
  if (aliasRaw !== undefined && aliasRaw !== null) {
    if (!isObject(aliasRaw)) throw new Route53ImportError(`${where}.AliasTarget must be an object`);
    alias = {
      dnsName: optionalString(aliasRaw, 'DNSName', `${where}.AliasTarget`) ?? '',
      hostedZoneId: optionalString(aliasRaw, 'HostedZoneId', `${where}.AliasTarget`) ?? '',
    };
  }
  const setIdentifier = optionalString(raw, 'SetIdentifier', where);
  return {
    name,
    type,
    ttl,
    values,
    alias,
    routing: setIdentifier === undefined ? undefined : { policy: routingPolicyOf(raw), setIdentifier },
    healthCheckId: optionalString(raw, 'HealthCheckId', where),
    action,
  };
}

function parseList(list: unknown[], where: string): Route53RecordSet[] {
  return list.map((rs, i) => parseRecordSet(rs, `${where}[${i}]`, undefined));
}

function parseChanges(changes: unknown[], where: string): Route53RecordSet[] {
  return changes.map((change, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(change)) throw new Route53ImportError(`${at} must be an object`);
    const action = optionalString(change, 'Action', at);
    if (action === undefined) throw new Route53ImportError(`${at}.Action is missing`);
    return parseRecordSet(change['ResourceRecordSet'], `${at}.ResourceRecordSet`, action.toUpperCase());
  });
}

/**
 * Reads Route 53 record sets from JSON text or an already-parsed value, in any of the shapes
 * people have at hand: `aws route53 list-resource-record-sets` output
 * (`{"ResourceRecordSets": [...]}`), a bare array of record sets, or a change batch
 * (`{"Changes": [{"Action", "ResourceRecordSet"}]}`, also wrapped as `{"ChangeBatch": {...}}`).
 * Keys are the AWS PascalCase ones. Throws Route53ImportError, naming the JSON path, when the
 * input is none of these; it never throws for values that are merely invalid DNS.
 */
export function parseRoute53Input(input: unknown): Route53Input {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input) as unknown;
    } catch (err) {
      throw new Route53ImportError(`the input is not JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  if (Array.isArray(doc)) return { recordSets: parseList(doc, '$'), truncatedAfter: undefined };
  if (!isObject(doc)) throw new Route53ImportError('expected {"ResourceRecordSets": [...]}, an array of record sets, or a change batch');
  const list = doc['ResourceRecordSets'];
  if (Array.isArray(list)) {
    const truncated = doc['IsTruncated'] === true;
    const next = typeof doc['NextRecordName'] === 'string' ? doc['NextRecordName'] : '';
    return { recordSets: parseList(list, '$.ResourceRecordSets'), truncatedAfter: truncated ? next : undefined };
  }
  const batch = isObject(doc['ChangeBatch']) ? doc['ChangeBatch'] : doc;
  const prefix = batch === doc ? '$.Changes' : '$.ChangeBatch.Changes';
  if (Array.isArray(batch['Changes'])) return { recordSets: parseChanges(batch['Changes'], prefix), truncatedAfter: undefined };
  throw new Route53ImportError('expected {"ResourceRecordSets": [...]}, an array of record sets, or a change batch');
}
