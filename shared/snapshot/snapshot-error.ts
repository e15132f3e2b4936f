// The error a snapshot that cannot be trusted raises: bad magic, version, checksum or layout.

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}
