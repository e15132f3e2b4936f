// Keeps the control plane's data private to its user: the directory 0700, the database files 0600.
import fs from 'node:fs';
import path from 'node:path';

/** What was readable by others and has been made private, as "path (was 0755)". */
export type Tightened = string[];

const mode = (p: string): number | undefined => {
  try {
    return fs.statSync(p).mode & 0o777;
  } catch {
    return undefined;
  }
};

/**
 * Creates the database's directory 0700 and the database file 0600 when they do not exist
 * (SQLite creates its -wal and -shm files with the database file's mode), and takes group and
 * other permissions off them, and off existing -wal and -shm files, when they do. The database
 * holds addresses, audit entries with ACME values, token hashes and staged zone data: nobody
 * else on the machine should read it. Returns what had to be tightened, for a warning.
 */
export function makeDataPrivate(dbFile: string): Tightened {
  const dir = path.dirname(dbFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(dbFile, 'a', 0o600));
  const tightened: Tightened = [];
  for (const [p, wanted] of [[dir, 0o700], [dbFile, 0o600], [`${dbFile}-wal`, 0o600], [`${dbFile}-shm`, 0o600]] as const) {
    const current = mode(p);
    if (current === undefined || (current & 0o077) === 0) continue;
    fs.chmodSync(p, wanted);
    tightened.push(`${p} (was 0${current.toString(8)})`);
  }
  return tightened;
}
