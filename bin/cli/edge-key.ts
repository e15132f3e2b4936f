// `dnscove edge-key create|revoke|list [NAME] [--data DIR]`: the keys remote edges authenticate to the feed with.
import path from 'node:path';
import { DATABASE_FILE } from '../../control/control-server.js';
import { createEdgeKey, EdgeKeyError, listEdges, revokeEdge } from '../../control/edges/edge-keys.js';
import { openDatabase } from '../../control/store/database.js';
import { existingDataDir, NoDataError } from './existing-data.js';
import { flagOrEnv, parseFlags, UsageError } from './flags.js';

export const USAGE =
  'usage: dnscove edge-key create NAME [--data DIR]   prints the key (shown once)\n' +
  '       dnscove edge-key revoke NAME [--data DIR]   the edge is refused from its next request\n' +
  '       dnscove edge-key list [--data DIR]\n' +
  '  (env DNSCOVE_DATA, default ./data; works while the control plane runs)\n';

/** Runs one subcommand against <data>/dnscove.sqlite. Exit 0; 1 for a refused change (name taken, no such key) or a directory without that database; 2 for a usage error. */
export async function runEdgeKey(args: string[]): Promise<number> {
  let db;
  try {
    const [sub, ...rest] = args;
    const flags = parseFlags(rest, ['data']);
    const [name, ...extra] = flags.positional;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (sub !== 'create' && sub !== 'revoke' && sub !== 'list') throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    if (sub !== 'list' && name === undefined) throw new UsageError(`edge-key ${sub} needs a NAME`);
    if (sub === 'list' && name !== undefined) throw new UsageError(`unexpected argument "${name}"`);
    db = openDatabase(path.join(existingDataDir(flagOrEnv(flags, 'data', 'DNSCOVE_DATA', './data')), DATABASE_FILE));
    if (sub === 'create') process.stdout.write(`${createEdgeKey(db, name!, new Date())}\n`);
    else if (sub === 'revoke') {
      revokeEdge(db, name!, new Date());
      process.stdout.write(`edge key "${name}" revoked\n`);
    } else {
      for (const key of listEdges(db)) process.stdout.write(`${key.name}\tcreated ${key.createdAt}\t${key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`dnscove edge-key: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof EdgeKeyError || err instanceof NoDataError) {
      process.stderr.write(`dnscove edge-key: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db?.close();
  }
}
