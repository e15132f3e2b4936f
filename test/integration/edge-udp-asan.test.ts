// The UDP addon under AddressSanitizer: builds edge/native/udp-batch.c with -fsanitize=address
// and runs the UDP tests (stop twice, stop during a batch, bind errors, bursts) and the
// robustness test against that build, in a vitest of their own with the sanitizer's runtime
// preloaded into Node and into every edge process they start. Any report fails the run.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/edge-server.js';

const run = promisify(execFile);

/** Node's C headers: next to this Node (as Debian and the official tarballs install them), or node-gyp's download. */
function nodeIncludeDir(): string {
  const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), join(homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node')];
  const found = candidates.find((dir) => existsSync(join(dir, 'node_api.h')));
  if (found === undefined) throw new Error(`node_api.h not found in ${candidates.join(' or ')}`);
  return found;
}

/** Runs the given test files in a vitest of their own with `env` added; resolves with its exit code and output. */
function vitestRun(files: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the UDP addon under AddressSanitizer', () => {
  let dir: string;
  let addon: string;
  let runtime: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-asan-'));
    addon = join(dir, 'dnscove_udp.node');
    const cc = process.env.CC ?? 'cc';
    const flags = ['-shared', '-fPIC', '-g', '-O1', '-fsanitize=address', '-fno-omit-frame-pointer', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Werror'];
    await run(cc, [...flags, `-I${nodeIncludeDir()}`, '-DNODE_GYP_MODULE_NAME=dnscove_udp', join(REPO_ROOT, 'edge', 'native', 'udp-batch.c'), '-o', addon]);
    runtime = (await run(cc, ['-print-file-name=libasan.so'])).stdout.trim();
    expect(existsSync(runtime), `the AddressSanitizer runtime ${runtime}`).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the UDP and robustness tests with no sanitizer report', async () => {
    const { code, output } = await vitestRun(['test/integration/edge-udp-batch.test.ts', 'test/integration/edge-robustness.test.ts'], {
      LD_PRELOAD: runtime,
      // Node itself is not built for leak checking; abort at the first memory error.
      ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
      DNSCOVE_UDP_ADDON: addon,
      DNSCOVE_UDP: 'native',
      NO_COLOR: '1',
    });
    expect(output).not.toMatch(/AddressSanitizer/);
    expect(output, output.slice(-4000)).toMatch(/Tests\s+\S*\d+ passed/);
    expect(code, output.slice(-4000)).toBe(0);
  }, 600_000);
});
