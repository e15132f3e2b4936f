// Import by AXFR: the zone's records from the old primary, with its TSIG key when it wants one.
import { ProblemError } from '../../errors/problem-error.js';
import { ValidationError } from '../../errors/catalogue.js';
import { parseServerAddress, formatServer } from '../../checks/server-address.js';
import { transferZone } from '../../checks/zone-transfer.js';
import { parseKeyName } from '../../tsig/tsig-key-service.js';
import type { Name } from '../../../shared/dns/name.js';
import { parseTsigSecret } from '../../../shared/dns/tsig.js';
import type { TsigAlgorithm, TsigKey } from '../../../shared/dns/tsig.js';
import type { WholeRecord } from '../import-records.js';

/** A whole zone, even a million records, comes in well within this on a working link. */
const TRANSFER_TIMEOUT_MS = 120_000;

export interface AxfrSource {
  readonly server: string;
  readonly tsig?: { readonly name: string; readonly algorithm?: TsigAlgorithm; readonly secret: string } | undefined;
}

function keyOf(tsig: NonNullable<AxfrSource['tsig']>): TsigKey {
  let secret: Buffer;
  try {
    secret = parseTsigSecret(tsig.secret);
  } catch (err) {
    throw new ValidationError('/tsig/secret', null, `tsig.secret: ${(err as Error).message}`);
  }
  return { name: parseKeyName(tsig.name, '/tsig/name'), algorithm: tsig.algorithm ?? 'hmac-sha256', secret };
}

/**
 * Transfers `origin` from `source.server`. A server that refuses, cannot be reached, sends an
 * answer that does not verify or stops early is a 502 naming why; nothing is imported then.
 */
export async function transferForImport(origin: Name, source: AxfrSource): Promise<WholeRecord[]> {
  const server = parseServerAddress(source.server, '/server');
  const key = source.tsig === undefined ? undefined : keyOf(source.tsig);
  const result = await transferZone(server, origin, TRANSFER_TIMEOUT_MS, key);
  if (result.kind === 'failed') {
    throw new ProblemError({ status: 502, slug: 'axfr-failed', title: 'The zone transfer failed', expose: true, detail: `The transfer of ${origin} from ${formatServer(server)} failed: ${result.detail}. Nothing was imported.` });
  }
  return [...result.records];
}
