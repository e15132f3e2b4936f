// Unit: the session secret is generated once, kept with mode 0600, and reused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSessionSecret, SESSION_SECRET_FILE } from '../../../../control/auth/session-secret.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-secret-'));
  dirs.push(d);
  return d;
}

describe('session secret', () => {
  it('is created with mode 0600 and then reused', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadOrCreateSessionSecret(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dir, SESSION_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSessionSecret(dir)).toBe(first);
  });

  it('differs between data directories', () => {
    expect(loadOrCreateSessionSecret(tempDir())).not.toBe(loadOrCreateSessionSecret(tempDir()));
  });

  it('refuses a short key file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, SESSION_SECRET_FILE), 'short\n', { mode: 0o600 });
    expect(() => loadOrCreateSessionSecret(dir)).toThrow(/too short/);
  });
});
