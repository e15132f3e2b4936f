// The session signing key: from configuration, or generated once into <data>/session-secret (0600).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const SESSION_SECRET_FILE = 'session-secret';

/**
 * Returns the key in `<dataDir>/session-secret`, creating it (32 random bytes, hex, mode
 * 0600, exclusive create so two starting processes agree on one key) when it is missing.
 */
export function loadOrCreateSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`session secret in ${file} is too short (at least 32 characters)`);
  return secret;
}
