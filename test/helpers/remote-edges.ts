// A control plane and remote edges as separate processes on loopback (`dnscove control`, `dnscove edge --snapshots http://...`), for tests and bench/edges.ts.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { txtStrings } from '../../shared/dns/rdata/txt.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

/** Runs `dnscove ARGS` to completion and returns its stdout (throws with its stderr on a non-zero exit). */
export async function dnscoveCli(args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/dnscove.js', ...args]);
  return stdout;
}

export interface ControlProcess {
  readonly child: ChildServer;
  readonly url: string;
}

/** `dnscove control --http 127.0.0.1:PORT --data DIR`, with `env` added; resolves once it prints its URL. */
export async function startControlProcess(dataDir: string, port: number, env: Readonly<Record<string, string>> = {}): Promise<ControlProcess> {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const child = await startChild('dnscove control', 'env', [...assignments, process.execPath, 'bin/dnscove.js', 'control', '--http', `127.0.0.1:${port}`, '--data', dataDir]);
  let url = '';
  await waitUntil(
    () => {
      if (child.exitStatus() !== null) throw new Error(`control exited: ${child.stderr()}`);
      url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(child.stdout())?.[1] ?? '';
      return url !== '';
    },
    { what: 'the control plane to print its URL', timeoutMs: 20_000 },
  );
  return { child, url };
}

export interface EdgeSpec {
  readonly name: string;
  readonly key: string;
  readonly snapshotsUrl: string;
  readonly cacheDir: string;
  readonly pubkeyFile: string;
  readonly workers?: number;
  /** Start without --name (the key's name is used). */
  readonly withoutName?: boolean;
  /** Reuse a port (an edge restarted); a free one otherwise. */
  readonly port?: number;
}

export interface EdgeProcess {
  readonly child: ChildServer;
  readonly port: number;
}

/** `dnscove edge --snapshots URL ...`, started and not waited for (it may exit at once: see exitStatus). */
export async function spawnEdgeProcess(spec: EdgeSpec): Promise<EdgeProcess> {
  const port = spec.port ?? (await freePort());
  // The key in the environment, as the README says to give it (not on the command line).
  const child = await startChild(
    `edge ${spec.name}`,
    process.execPath,
    [
      'bin/dnscove.js', 'edge', '--snapshots', spec.snapshotsUrl, ...(spec.withoutName === true ? [] : ['--name', spec.name]),
      '--cache', spec.cacheDir, '--snapshot-pubkey', spec.pubkeyFile, '--listen', `127.0.0.1:${port}`, '--workers', String(spec.workers ?? 1),
    ],
    undefined,
    { ...process.env, DNSCOVE_EDGE_KEY: spec.key },
  );
  return { child, port };
}

/** `dnscove edge --snapshots URL ...`; resolves once it listens (it serves its cache from then on). */
export async function startEdgeProcess(spec: EdgeSpec): Promise<EdgeProcess> {
  const { child, port } = await spawnEdgeProcess(spec);
  await waitUntil(
    () => {
      if (child.exitStatus() !== null) throw new Error(`edge ${spec.name} exited: ${child.stderr()}`);
      return child.stdout().includes('edge listening on');
    },
    { what: `edge ${spec.name} to listen`, timeoutMs: 20_000 },
  );
  return { child, port };
}

/** Writes the control plane's public key (`dnscove snapshot-pubkey`) to `dir/snapshot.pub` and returns the path. */
export async function writePubkey(dataDir: string, dir: string): Promise<string> {
  const file = join(dir, 'snapshot.pub');
  await writeFile(file, await dnscoveCli(['snapshot-pubkey', '--data', dataDir]));
  return file;
}

let queryId = 1;

/** What an edge answers for name/type over UDP: the rcode (0 NOERROR, 5 REFUSED) and the answer RDATA as text (A: address; TXT: joined strings). */
export async function askEdge(port: number, name: string, type: 'A' | 'TXT'): Promise<{ rcode: number; values: string[] }> {
  const query = encodeQuery({ id: queryId++ & 0xffff, qname: name, qtype: type === 'A' ? 1 : 16 });
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer from 127.0.0.1:${port}`));
    }, 2000);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(query, port, '127.0.0.1');
  });
  const message = parseMessage(reply);
  const values = message.answer.map((rr) => {
    if (rr.type !== RRType.TXT) return formatRdata(rr.type, rr.rdata);
    return txtStrings(rr.rdata).map((s) => Buffer.from(s).toString('utf8')).join('');
  });
  return { rcode: message.rcode, values };
}
