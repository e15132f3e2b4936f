// Choosing the UDP path: the batching module where it is built, node:dgram where it is not.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadUdpAddon } from '../../../../edge/server/native-udp.js';
import { REPO_ROOT } from '../../../helpers/edge-server.js';

const run = promisify(execFile);

describe('loadUdpAddon', () => {
  const built = join(REPO_ROOT, 'build', 'Release', 'dnscove_udp.node');

  it('loads the built module by default and falls back to node:dgram when none is built', () => {
    expect(loadUdpAddon({}, built)?.udpBatchLayout().slots).toBeGreaterThan(0);
    expect(loadUdpAddon({}, undefined)).toBeUndefined();
  });

  it('obeys DNSCOVE_UDP, and says what is wrong with a bad value or a missing module', () => {
    expect(loadUdpAddon({ DNSCOVE_UDP: 'dgram' }, built)).toBeUndefined();
    expect(() => loadUdpAddon({ DNSCOVE_UDP: 'native' }, undefined)).toThrow(/not built: run npm install with python3, make and a C compiler/);
    expect(() => loadUdpAddon({ DNSCOVE_UDP: 'fast' }, built)).toThrow(/DNSCOVE_UDP must be "native" or "dgram"/);
  });
});

describe('npm install without a C compiler', () => {
  it('succeeds and says the edge will answer UDP through node:dgram', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnscove-no-cc-'));
    try {
      for (const file of ['package.json', 'binding.gyp', 'edge/native']) await cp(join(REPO_ROOT, file), join(dir, file), { recursive: true });
      // The install script alone, as npm runs it after installing dependencies, with compilers that always fail.
      const { stdout } = await run('npm', ['run', 'install'], { cwd: dir, env: { ...process.env, CC: 'false', CXX: 'false' } });
      expect(stdout).toContain('the batching UDP module was not built');
      await expect(stat(join(dir, 'build', 'Release', 'dnscove_udp.node'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
