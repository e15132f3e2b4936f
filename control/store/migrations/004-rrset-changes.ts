// Migration 4: which RRsets changed since their zone was last published, so a publish writes a
// delta of those instead of rebuilding the zone.
//
// Triggers keep the set, so no write path (records API, ACME, import, zone creation) can change
// an RRset without it. `version` grows with every write: a publish clears only the versions it
// read, so a write that lands while it runs stays marked.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 4,
  name: 'rrset-changes',
  sql: `
    CREATE TABLE rrset_changes (
      zone_id TEXT NOT NULL,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (zone_id, name, type)
    ) WITHOUT ROWID;
    CREATE TRIGGER rrsets_inserted AFTER INSERT ON rrsets BEGIN
      INSERT INTO rrset_changes (zone_id, name, type) VALUES (NEW.zone_id, NEW.name, NEW.type)
        ON CONFLICT DO UPDATE SET version = version + 1;
    END;
    CREATE TRIGGER rrsets_updated AFTER UPDATE ON rrsets BEGIN
      INSERT INTO rrset_changes (zone_id, name, type) VALUES (OLD.zone_id, OLD.name, OLD.type)
        ON CONFLICT DO UPDATE SET version = version + 1;
      INSERT INTO rrset_changes (zone_id, name, type) VALUES (NEW.zone_id, NEW.name, NEW.type)
        ON CONFLICT DO UPDATE SET version = version + 1;
    END;
    CREATE TRIGGER rrsets_deleted AFTER DELETE ON rrsets BEGIN
      INSERT INTO rrset_changes (zone_id, name, type) VALUES (OLD.zone_id, OLD.name, OLD.type)
        ON CONFLICT DO UPDATE SET version = version + 1;
    END;
    CREATE TRIGGER zones_deleted AFTER DELETE ON zones BEGIN
      DELETE FROM rrset_changes WHERE zone_id = OLD.id;
    END;
  `,
};
