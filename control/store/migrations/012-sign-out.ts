// Migration 12: signing out. One session is ended by listing its id until it would have expired;
// all of a user's sessions by moving the user's session epoch on.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 12,
  name: 'sign-out',
  sql: `
    ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE ended_sessions (
      id TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
