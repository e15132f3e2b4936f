// The error the zone-file parser and loader throw: always names the file, the line and why.

/**
 * A zone file that cannot be parsed or is not a valid zone. The message is
 * `${file}:${line}: ${reason}`; line 0 means the file as a whole (no SOA, unreadable file),
 * and the message is then `${file}: ${reason}`.
 */
export class ZoneFileError extends Error {
  override name = 'ZoneFileError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`, options);
  }
}
