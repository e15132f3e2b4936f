// A secret generated once into a file of the data directory (32 random bytes, hex, mode 0600).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Returns the secret in `<dataDir>/<name>`, creating it when it is missing (exclusive create, so
 * two starting processes agree on one). Throws when the file holds fewer than 32 characters.
 */
export function loadOrCreateSecretFile(dataDir: string, name: string, what: string): string {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${what} in ${file} is too short (at least 32 characters)`);
  return secret;
}
