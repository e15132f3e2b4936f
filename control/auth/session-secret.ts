// The session signing key: from configuration, or generated once into <data>/session-secret (0600).
import { loadOrCreateSecretFile } from '../store/secret-file.js';

export const SESSION_SECRET_FILE = 'session-secret';

/** Returns the key in `<dataDir>/session-secret`, creating it when it is missing (loadOrCreateSecretFile). */
export function loadOrCreateSessionSecret(dataDir: string): string {
  return loadOrCreateSecretFile(dataDir, SESSION_SECRET_FILE, 'session secret');
}
