// Migration 7: a zone may have its own nameserver set (Route 53's delegation sets); NULL follows DNSCOVE_NS.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 7,
  name: 'zone-nameservers',
  sql: `ALTER TABLE zones ADD COLUMN ns TEXT;`,
};
