// Migration 13: the feed's identity, random per database, so a remote edge can tell a new
// database (follow it from the start) from an old answer replayed at it (refuse it).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 13,
  name: 'feed-identity',
  sql: `
    CREATE TABLE feed_identity (id TEXT NOT NULL);
    INSERT INTO feed_identity (id) VALUES (lower(hex(randomblob(16))));
  `,
};
