// `dnscove operator add|invite EMAIL [--data DIR]`, `dnscove operator list`: who runs this DNSCove, and whom it lets sign up.
import path from 'node:path';
import { normaliseEmail } from '../../control/auth/magic-link.js';
import { DATABASE_FILE } from '../../control/control-server.js';
import { openDatabase } from '../../control/store/database.js';
import { addInvitation, addOperator, listOperators } from '../../control/store/operators.js';
import { existingDataDir, NoDataError } from './existing-data.js';
import { flagOrEnv, parseFlags, UsageError } from './flags.js';

export const USAGE =
  'usage: dnscove operator add EMAIL [--data DIR]      EMAIL runs this DNSCove: may sign in whatever DNSCOVE_SIGNUP says\n' +
  '       dnscove operator invite EMAIL [--data DIR]   EMAIL may open an account (DNSCOVE_SIGNUP=invite)\n' +
  '       dnscove operator list [--data DIR]\n' +
  '  (env DNSCOVE_DATA, default ./data; works while the control plane runs; DNSCOVE_OPERATOR=EMAIL adds one at start)\n';

/** Runs one subcommand against <data>/dnscove.sqlite. Exit 0; 1 for a directory without that database; 2 for a usage error. */
export async function runOperator(args: string[]): Promise<number> {
  let db;
  try {
    const [sub, ...rest] = args;
    const flags = parseFlags(rest, ['data']);
    const [email, ...extra] = flags.positional;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (sub !== 'add' && sub !== 'invite' && sub !== 'list') throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    if (sub !== 'list' && (email === undefined || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))) throw new UsageError(`operator ${sub} needs an e-mail address`);
    if (sub === 'list' && email !== undefined) throw new UsageError(`unexpected argument "${email}"`);
    db = openDatabase(path.join(existingDataDir(flagOrEnv(flags, 'data', 'DNSCOVE_DATA', './data')), DATABASE_FILE));
    if (sub === 'add') {
      const address = normaliseEmail(email!);
      const added = addOperator(db, address, new Date().toISOString());
      process.stdout.write(added ? `${address} is an operator\n` : `${address} was an operator already\n`);
    } else if (sub === 'invite') {
      const address = normaliseEmail(email!);
      addInvitation(db, address, 'operator (command line)', new Date().toISOString());
      process.stdout.write(`${address} may sign up now\n`);
    } else {
      for (const op of listOperators(db)) process.stdout.write(`${op.email}\tsince ${op.createdAt}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`dnscove operator: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof NoDataError) {
      process.stderr.write(`dnscove operator: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db?.close();
  }
}
