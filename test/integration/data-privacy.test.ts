// The data directory and database are private to the control plane's user (issue 30): created
// 0700 and 0600, and tightened (with a warning) when an older install left them readable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { startDnscove } from '../helpers/dnscove-process.js';

const modeOf = (p: string): string => `0${(fs.statSync(p).mode & 0o777).toString(8)}`;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('data directory permissions', () => {
  it('dnscove start creates its data directory 0700 and the database files 0600, and says nothing', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-private-'));
    const dataDir = path.join(parent, 'data');
    const dnscove = await startDnscove({}, { dataDir });
    cleanup.push(async () => {
      await dnscove.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    });
    expect(modeOf(dataDir)).toBe('0700');
    for (const f of ['dnscove.sqlite', 'dnscove.sqlite-wal', 'dnscove.sqlite-shm']) expect([f, modeOf(path.join(dataDir, f))]).toEqual([f, '0600']);
    expect(dnscove.server.stderr()).not.toMatch(/readable by other users/);
  });

  it('tightens a directory and database an older install left readable, and warns', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-loose-'));
    let control: TestControl = await startTestControl({ dataDir });
    await control.close().catch(() => undefined);
    // The harness removed it on close: make it again as an old install left it.
    fs.mkdirSync(dataDir, { recursive: true });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'dnscove.sqlite'), '');
    fs.chmodSync(path.join(dataDir, 'dnscove.sqlite'), 0o644);
    control = await startTestControl({ dataDir });
    cleanup.push(() => control.close());
    expect(modeOf(dataDir)).toBe('0700');
    expect(modeOf(path.join(dataDir, 'dnscove.sqlite'))).toBe('0600');
    const warning = control.logs.find((l) => String(l['msg']).includes('readable by other users'));
    expect(warning?.['files']).toEqual([`${dataDir} (was 0755)`, `${path.join(dataDir, 'dnscove.sqlite')} (was 0644)`]);
  });
});
