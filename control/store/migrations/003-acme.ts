// Migration 3: acme-dns registrations and the TXT values each one currently serves.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 3,
  name: 'acme',
  sql: `
    CREATE TABLE acme_dns_registrations (
      username TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      subdomain TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      allowfrom TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX acme_dns_registrations_tenant ON acme_dns_registrations (tenant_id, created_at);
    CREATE TABLE acme_dns_values (
      username TEXT NOT NULL REFERENCES acme_dns_registrations(username) ON DELETE CASCADE,
      txt TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (username, txt)
    );
    CREATE INDEX acme_dns_values_expiry ON acme_dns_values (expires_at);
  `,
};
