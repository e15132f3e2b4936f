// Migration 11: teams and suspension. A user has a role in its account; an invitation may name the
// account and role it joins; an operator may suspend an account.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 11,
  name: 'members',
  sql: `
    ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
    CREATE INDEX users_tenant ON users (tenant_id);
    ALTER TABLE tenants ADD COLUMN suspended_at TEXT;
    ALTER TABLE invitations ADD COLUMN tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE;
    ALTER TABLE invitations ADD COLUMN role TEXT;
  `,
};
