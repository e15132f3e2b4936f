// Migration 1: every table of the first control plane (tenants, users, links, tokens, zones, RRsets, audit).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE tenants (
      id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL
    );
    CREATE TABLE users (
      email TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      created_at TEXT NOT NULL
    );
    CREATE TABLE magic_links (
      token_hash TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      ip TEXT,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    );
    CREATE INDEX magic_links_email ON magic_links (email, created_at);
    CREATE INDEX magic_links_ip ON magic_links (ip, created_at);
    CREATE TABLE tokens (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      zone_id TEXT,
      scope TEXT NOT NULL,
      name TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT,
      revoked_at TEXT,
      last_used_at TEXT
    );
    CREATE INDEX tokens_tenant ON tokens (tenant_id, created_at);
    CREATE TABLE zones (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      origin TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      serial INTEGER NOT NULL,
      published_serial INTEGER NOT NULL DEFAULT 0,
      auto_publish INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX zones_tenant ON zones (tenant_id);
    CREATE TABLE rrsets (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      ttl INTEGER NOT NULL,
      records TEXT NOT NULL,
      PRIMARY KEY (zone_id, name, type)
    );
    CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      tenant_id TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      summary TEXT NOT NULL
    );
    CREATE INDEX audit_tenant ON audit (tenant_id, id);
  `,
};
