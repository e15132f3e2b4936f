// Migration 9: who runs this DNSCove (operators) and whom they invited to sign up (DNSCOVE_SIGNUP=invite).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 9,
  name: 'operators',
  sql: `
    CREATE TABLE operators (
      email TEXT PRIMARY KEY,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE invitations (
      email TEXT PRIMARY KEY,
      invited_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
