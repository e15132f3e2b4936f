// TSIG (shared/dns/tsig.ts) against the clients operators use: dig and kdig sign queries with a
// key; our verification accepts exactly the right key and secret, and they accept our signed answers.
import dgram from 'node:dgram';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { signMessage, splitTsig, TsigError, verifyMessage } from '../../shared/dns/tsig.js';
import type { TsigAlgorithm, TsigKey, TsigVerdict } from '../../shared/dns/tsig.js';

const run = promisify(execFile);
const SECRET = 'c2VjcmV0c2VjcmV0c2VjcmV0MTIzNDU2Nzg5MDEyMzQ=';
const keys: TsigKey[] = (['hmac-sha256', 'hmac-sha512', 'hmac-sha384', 'hmac-sha1'] as TsigAlgorithm[]).map((algorithm) => ({ name: `${algorithm}.key.test.` as Name, algorithm, secret: Buffer.from(SECRET, 'base64') }));

let socket: dgram.Socket;
let port: number;
const verdicts: TsigVerdict[] = [];
/** Sign answers with a secret the client does not have. */
let forge = false;
/** How dig and kdig say an answer's TSIG does not verify. */
const REFUSED_SIGNATURE = /Couldn't verify signature|TSIG could not be validated|failed to verify TSIG/;

beforeAll(async () => {
  socket = dgram.createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const signed = splitTsig(msg);
    if (signed === undefined) return;
    const now = Math.floor(Date.now() / 1000);
    const verdict = verifyMessage(signed, (name) => keys.find((k) => k.name === name), now);
    verdicts.push(verdict);
    // An answer with no records, AA set; signed with the request's key and MAC when it verified.
    const answer = Buffer.from(signed.unsigned);
    answer.writeUInt16BE((answer.readUInt16BE(2) | 0x8400) & 0xfff0, 2);
    if (!verdict.ok) return;
    const signer = forge ? { ...verdict.key, secret: Buffer.alloc(32, 9) } : verdict.key;
    socket.send(signMessage(answer, signer, { prior: signed.tsig.mac, now }).message, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  port = socket.address().port;
});
afterAll(() => socket.close());

async function ask(tool: 'dig' | 'kdig', key: string): Promise<string> {
  const args = tool === 'dig' ? ['-p', String(port), '@127.0.0.1', '-y', key, 'example.com', 'SOA', '+tries=1', '+time=2'] : ['-p', String(port), '@127.0.0.1', '-y', key, 'example.com', 'SOA', '+retry=0', '+time=2'];
  const { stdout, stderr } = await run(tool, args).catch((err: { stdout: string; stderr: string }) => err);
  return stdout + stderr;
}

describe('TSIG with dig and kdig', () => {
  it.each(keys.flatMap((k) => (['dig', 'kdig'] as const).map((tool) => [tool, k] as const)))('%s signs with %o: verified here, and our signed answer verified there', async (tool, key) => {
    verdicts.length = 0;
    const output = await ask(tool, `${key.algorithm}:${key.name.slice(0, -1)}:${SECRET}`);
    expect(verdicts).toEqual([{ ok: true, key }]);
    expect(output).toMatch(/status: NOERROR/);
    expect(output).toMatch(/TSIG PSEUDOSECTION/);
    expect(output).not.toMatch(REFUSED_SIGNATURE);
  });

  it.each(['dig', 'kdig'] as const)('%s refuses an answer signed with another secret (so the check above can fail)', async (tool) => {
    forge = true;
    try {
      const output = await ask(tool, `hmac-sha256:hmac-sha256.key.test:${SECRET}`);
      expect(output).toMatch(REFUSED_SIGNATURE);
    } finally {
      forge = false;
    }
  });

  it('a wrong secret is BADSIG, an unknown key BADKEY', async () => {
    verdicts.length = 0;
    await ask('dig', `hmac-sha256:hmac-sha256.key.test:${Buffer.alloc(32, 7).toString('base64')}`);
    await ask('dig', `hmac-sha256:nobody.key.test:${SECRET}`);
    expect(verdicts.map((v) => (v.ok ? 'ok' : v.error))).toEqual([TsigError.BadSig, TsigError.BadKey]);
  });
});
