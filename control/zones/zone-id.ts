// Zone identifiers: "Z" followed by 14 lower-case hex digits (56 random bits).
import { randomBytes } from 'node:crypto';

/** A fresh random zone id such as "Z1a2b3c4d5e6f70". Unguessable enough to not enumerate. */
export function newZoneId(): string {
  return 'Z' + randomBytes(7).toString('hex');
}
