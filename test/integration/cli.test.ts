// The command line as every CLI behaves: help and version on stdout with rc 0, one line and rc 2
// for what it does not know, one line and rc 1 (no stack trace) when a server cannot start,
// and no dev-mode login links on an address other machines reach unless asked for.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/edge-server.js';
import { startChild } from '../helpers/child-server.js';
import { waitUntil } from '../helpers/wait-until.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function dnscove(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, 'bin', 'dnscove.js'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('dnscove help, version and unknown input', () => {
  let version: string;
  beforeAll(async () => {
    version = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  });

  it.each([['-h'], ['--help'], ['help']])('%s prints the commands on stdout, rc 0', async (flag) => {
    const run = await dnscove([flag]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: dnscove <command>/);
    for (const command of ['start', 'control', 'edge', 'edge-key', 'snapshot-pubkey', 'snapshot']) expect(run.stdout).toContain(`  ${command} `);
  });

  it.each([['--version'], ['-V']])('%s prints the version from package.json, rc 0', async (flag) => {
    expect(await dnscove([flag])).toEqual({ code: 0, stdout: `dnscove ${version}\n`, stderr: '' });
  });

  it.each([['start'], ['control'], ['edge'], ['edge-key'], ['snapshot'], ['snapshot-pubkey']])('%s --help prints its usage on stdout, rc 0, and starts nothing', async (command) => {
    const run = await dnscove([command, '--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^usage: dnscove ${command}\\b`));
  });

  it('an unknown command is one line on stderr, rc 2', async () => {
    expect(await dnscove(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: 'dnscove: unknown command "frobnicate" (dnscove --help lists them)\n' });
  });

  it('no command prints the usage on stderr, rc 2', async () => {
    const run = await dnscove([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^usage: dnscove <command>/);
  });

  it('a control plane given as HOST:PORT gets the URL to use', async () => {
    const run = await dnscove(['edge', '--snapshots', '127.0.0.1:8080']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dnscove edge: --snapshots "127\.0\.0\.1:8080" looks like HOST:PORT; give a control plane as a URL: http:\/\/127\.0\.0\.1:8080\//);
  });

  it('an unknown flag or a flag without its value names it, rc 2', async () => {
    const unknown = await dnscove(['control', '--htp', '127.0.0.1:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^dnscove control: unknown flag --htp\nusage: dnscove control/);
    const missing = await dnscove(['edge', '--listen']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^dnscove edge: --listen needs a value/);
  });
});

describe('commands that work on a control plane\'s state, pointed at a directory without one', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-no-data-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([[['edge-key', 'create', 'ns3']], [['edge-key', 'list']], [['snapshot-pubkey']]])('dnscove %j refuses (rc 1), says what to do, and creates nothing', async (args) => {
    const run = await dnscove([...args, '--data', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no DNSCove data in .*; start the control plane there first, or pass --data/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('dnscove control when it cannot serve as asked', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('on a busy port says so in one line, rc 1, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as AddressInfo).port;
      const run = await dnscove(['control', '--http', `127.0.0.1:${port}`, '--data', join(dir, 'busy')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^dnscove control: cannot start: .*127\\.0\\.0\\.1:${port}.*address already in use.*\\n$`));
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });

  it('refuses dev mode on 0.0.0.0 without SMTP_URL, rc 2, and hands out no link', async () => {
    const run = await dnscove(['control', '--http', '0.0.0.0:0', '--data', join(dir, 'public')], { SMTP_URL: '', DNSCOVE_DEV: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/dev mode \(no SMTP_URL\) hands a login link to whoever asks, so it is refused on 0\.0\.0\.0/);
  });

  it('with DNSCOVE_DEV=1 on 0.0.0.0 starts, and warns loudly', async () => {
    const child = await startChild('control', 'env', ['DNSCOVE_DEV=1', 'SMTP_URL=', process.execPath, 'bin/dnscove.js', 'control', '--http', '0.0.0.0:0', '--data', join(dir, 'warned')], REPO_ROOT);
    try {
      await waitUntil(() => child.exitStatus() !== null || child.stdout().includes('DNSCove control plane on'), { what: 'control to start', timeoutMs: 20_000 });
      expect(child.exitStatus()).toBeNull();
      expect(child.stderr()).toContain('WARNING: DEV MODE ON AN ADDRESS OTHER MACHINES CAN REACH');
      expect(child.stderr()).toContain('WARNING: DNSCOVE_NS is not set: zones get the placeholder name servers ns1.dnscove.invalid., ns2.dnscove.invalid.');
    } finally {
      await child.stop();
    }
  });

  it('says nothing about name servers once DNSCOVE_NS is set', async () => {
    const child = await startChild('control', 'env', ['DNSCOVE_NS=ns1.example.net,ns2.example.net', process.execPath, 'bin/dnscove.js', 'control', '--http', '127.0.0.1:0', '--data', join(dir, 'ns-set')], REPO_ROOT);
    try {
      await waitUntil(() => child.exitStatus() !== null || child.stdout().includes('DNSCove control plane on'), { what: 'control to start', timeoutMs: 20_000 });
      expect(child.stderr()).not.toContain('DNSCOVE_NS is not set');
    } finally {
      await child.stop();
    }
  });
});
