// Reads HTTP Basic credentials (RFC 7617), the way lego's httpreq provider sends its password.

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;

/**
 * The user-id and password of a `Basic` Authorization header (RFC 7617 §2: base64 of
 * "user-id:password", split at the first colon), or undefined for an absent header, another
 * scheme or a malformed one. Never throws.
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const m = BASIC.exec(header);
  if (m === null) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
