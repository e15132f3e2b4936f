// Who a request acts for: a console session or a scoped machine token.
import type { Role } from '../store/users.js';

/** Machine-token scopes (API.md "Credentials"). */
export type Scope = 'tenant-admin' | 'zone-admin' | 'acme-dns01';

export const SCOPES: readonly Scope[] = ['tenant-admin', 'zone-admin', 'acme-dns01'];

/** The authenticated caller. A token's `zoneId` is null for tenant-wide (tenant-admin) tokens. */
export type Principal =
  | {
      readonly kind: 'session';
      readonly tenantId: string;
      readonly email: string;
      readonly role: Role;
      /** The session's own id and expiry (seconds), for signing it out. */
      readonly sessionId: string;
      readonly sessionExpiresAt: number;
    }
  | {
      readonly kind: 'token';
      readonly tenantId: string;
      readonly tokenId: string;
      readonly scope: Scope;
      readonly zoneId: string | null;
    };

/** The audit actor: "user:<email>" for sessions, "token:<id>" for machine tokens. */
export function actorOf(p: Principal): string {
  return p.kind === 'session' ? `user:${p.email}` : `token:${p.tokenId}`;
}
