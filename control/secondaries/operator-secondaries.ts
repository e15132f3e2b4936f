// The operator's own secondaries for every zone on the server (DNSCOVE_SECONDARIES), with the
// TSIG key they all use (DNSCOVE_SECONDARIES_KEY, "[algorithm:]name:base64secret" as kdig -y
// takes it): NOTIFY after every publish, and transfers of any zone.
import { formatServer, parseServerAddress } from '../checks/server-address.js';
import type { ServerAddress } from '../checks/server-address.js';
import type { SecondaryRow } from '../store/secondaries.js';
import { parseName } from '../../shared/dns/name.js';
import { parseTsigSecret, TSIG_ALGORITHMS } from '../../shared/dns/tsig.js';
import type { TsigAlgorithm, TsigKey } from '../../shared/dns/tsig.js';

export interface OperatorSecondaries {
  readonly servers: readonly ServerAddress[];
  readonly key: TsigKey;
}

/** The key id operator secondaries carry in place of a tenant key's. */
export const OPERATOR_KEY_ID = 'operator';

/**
 * Reads the two variables; undefined when DNSCOVE_SECONDARIES is unset or empty. Throws Error
 * naming the variable for an address that is not IP[:port], or a missing or malformed key.
 */
export function parseOperatorSecondaries(list: string | undefined, keyText: string | undefined): OperatorSecondaries | undefined {
  const entries = (list ?? '').split(/[\s,]+/).filter((e) => e !== '');
  if (entries.length === 0) return undefined;
  const servers = entries.map((entry) => {
    try {
      return parseServerAddress(entry, 'DNSCOVE_SECONDARIES');
    } catch (err) {
      throw new Error(`config: DNSCOVE_SECONDARIES: ${(err as Error).message}`, { cause: err });
    }
  });
  if (keyText === undefined || keyText === '') throw new Error('config: DNSCOVE_SECONDARIES needs DNSCOVE_SECONDARIES_KEY ("[hmac-sha256:]name:base64secret"): every NOTIFY and transfer is signed');
  const parts = keyText.split(':');
  const [algorithm, name, secret] = parts.length === 3 ? parts : ['hmac-sha256', ...parts];
  if (name === undefined || secret === undefined || !(algorithm! in TSIG_ALGORITHMS)) throw new Error('config: DNSCOVE_SECONDARIES_KEY is not "[hmac-sha256|hmac-sha384|hmac-sha512|hmac-sha1:]name:base64secret"');
  try {
    return { servers, key: { name: parseName(name.endsWith('.') ? name : `${name}.`), algorithm: algorithm as TsigAlgorithm, secret: parseTsigSecret(secret) } };
  } catch (err) {
    throw new Error(`config: DNSCOVE_SECONDARIES_KEY: ${(err as Error).message}`, { cause: err });
  }
}

/** The operator's secondaries as rows beside a zone's own (every zone has them). */
export function operatorRows(operator: OperatorSecondaries | undefined): SecondaryRow[] {
  return (operator?.servers ?? []).map((server) => ({ id: `operator-${formatServer(server)}`, tenantId: '', zoneId: null, host: server.host, port: server.port, tsigKeyId: OPERATOR_KEY_ID, createdAt: '' }));
}
