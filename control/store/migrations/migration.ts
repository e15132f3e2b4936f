// The shape of one versioned schema migration.

/** Applied in `version` order, each once, inside a transaction; recorded in schema_migrations. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
