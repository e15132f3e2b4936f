// Migration 24: the delta a feed entry's journal ends with, when the publish appended a small
// one, so the changes answer carries it (signed with the answer) and an edge that holds the
// journal up to it appends it without fetching the range.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 24,
  name: 'feed-journal-tail',
  sql: `
    ALTER TABLE feed ADD COLUMN journal_tail BLOB;
  `,
};
