// The data directory of a command that works on a control plane's existing state (edge keys,
// the snapshot signing key): it must hold the control plane's database, or the command would
// create new state nobody uses.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../../control/control-server.js';

/** A data directory without a control plane's database. */
export class NoDataError extends Error {
  override name = 'NoDataError';
}

/** `dir` resolved, after checking it holds the control plane's database; NoDataError saying what to do otherwise. */
export function existingDataDir(dir: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, DATABASE_FILE))) {
    throw new NoDataError(`no DNSCove data in ${resolved}; start the control plane there first, or pass --data (or DNSCOVE_DATA) with its data directory`);
  }
  return resolved;
}
