// The zone-file adapter's error: a master file that cannot be read as a whole.

/**
 * Thrown when the zone file itself is unusable (a syntax error the parser cannot get past, no
 * origin). The message starts with "zonefile: " and names the line; the parser's
 * ZoneFileError is `cause`. Problems with single records become `skipped` entries instead.
 */
export class ZoneFileImportError extends Error {
  override name = 'ZoneFileImportError';

  constructor(
    detail: string,
    readonly line: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(`zonefile: ${detail}`, options);
  }
}
