// The error for zone content the edge cannot serve; the loader keeps the previous version.

/** The zone content cannot be served (no SOA at the apex, malformed names in RDATA). */
export class ZoneIndexError extends Error {
  override name = 'ZoneIndexError';
}
