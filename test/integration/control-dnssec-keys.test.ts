// DNSSEC keys in the control plane (issue 15): every zone gets a combined signing key when it is
// created; the database holds it sealed with the master key (<data>/dnssec-master-key, 0600),
// so the database alone gives no private key away; the key goes with its zone.
import { createPrivateKey, verify } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { DNSSEC_MASTER_KEY_FILE, createKeyVault } from '../../control/dnssec/key-vault.js';
import { zoneKeys } from '../../control/dnssec/zone-signing-key.js';
import type { Name } from '../../shared/dns/name.js';
import { findZoneKey } from '../../control/store/dnssec-keys.js';
import { DnssecAlgorithm, signData } from '../../shared/dnssec/signing-key.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'signer@dnssec.test'));
});
afterAll(async () => {
  await control.close();
});

describe('zone signing keys', () => {
  it('are made with the zone, sealed at rest, open with the master key only, and go with the zone', async () => {
    const zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'signed.dnssec.test' } })).json as { id: string };
    const row = findZoneKey(control.services.db, zone.id);
    expect(row).toMatchObject({ zoneId: zone.id, algorithm: DnssecAlgorithm.EcdsaP256Sha256 });
    expect(statSync(join(control.dataDir, DNSSEC_MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    // What the database holds is not a private key...
    expect(() => createPrivateKey({ key: row!.sealedKey, format: 'der', type: 'pkcs8' })).toThrow();
    // ...and another control plane's master key cannot open it.
    expect(() => createKeyVault(join(control.dataDir, 'elsewhere')).open(row!.sealedKey)).toThrow();
    // The key opened by this control plane signs, and the signature verifies with its public half.
    const signingKey = () => zoneKeys(control.services, zone.id, 'signed.dnssec.test.' as Name).signers[0]!.key;
    const key = signingKey();
    const data = Buffer.from('signed data');
    const jwk = { kty: 'EC', crv: 'P-256', x: key.publicKey.subarray(0, 32).toString('base64url'), y: key.publicKey.subarray(32).toString('base64url') };
    expect(verify('sha256', data, { key: jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' }, signData(key, data))).toBe(true);
    // Asked again, the same key.
    expect(signingKey().publicKey.equals(key.publicKey)).toBe(true);
    expect((await api(control.url, 'DELETE', `/api/zones/${zone.id}`, { token: session })).status).toBe(204);
    expect(findZoneKey(control.services.db, zone.id)).toBeUndefined();
  });
});
