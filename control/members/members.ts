// An account's team: inviting people, changing their roles, removing them — with the rules that keep an account owned.
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { normaliseEmail, requestMagicLink } from '../auth/magic-link.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { addTeamInvitation, deleteInvitation, findTeamInvitation, listTeamInvitations } from '../store/operators.js';
import { deleteUser, findUser, listMembers, setRole } from '../store/users.js';
import type { Role, UserRow } from '../store/users.js';
import type { MemberResponse, MembersJson } from '../../shared/schemas/members.js';

/** Everyone in the account and everyone invited to it. */
export function membersOf(services: Services, tenantId: string): MembersJson {
  return {
    members: listMembers(services.db, tenantId).map((u) => ({ email: u.email, role: u.role, created_at: u.createdAt })),
    invitations: listTeamInvitations(services.db, tenantId).map((i) => ({ email: i.email, role: i.role, created_at: i.createdAt })),
  };
}

/** The acting member's role; only sessions manage people. */
function actingRole(p: Principal): Role {
  if (p.kind !== 'session') throw new ForbiddenError('Members are managed by people signed in to the account, not by tokens.');
  return p.role;
}

/** Admins manage admins and viewers; only owners touch owners. */
function mayManage(actor: Role, target: Role): void {
  if (target === 'owner' && actor !== 'owner') throw new ForbiddenError('Only an owner may invite, change or remove an owner.');
}

function memberOf(services: Services, tenantId: string, rawEmail: string): UserRow {
  const user = findUser(services.db, normaliseEmail(rawEmail));
  if (user === undefined || user.tenantId !== tenantId) throw new NotFoundError(`Member ${normaliseEmail(rawEmail)}`);
  return user;
}

const owners = (services: Services, tenantId: string): number => listMembers(services.db, tenantId).filter((u) => u.role === 'owner').length;

/**
 * Invites `email` into the principal's account with `role` and mails it a sign-in link (rate
 * limited as the inviter's address `ip` asking); its
 * first login joins this account (magic-link.ts). ConflictError when the address has an
 * account already (an address belongs to one account). Audited as "member.invite".
 */
export async function inviteMember(services: Services, p: Principal, rawEmail: string, role: Role, ip: string): Promise<MemberResponse> {
  mayManage(actingRole(p), role);
  const email = normaliseEmail(rawEmail);
  const { db } = services;
  db.transaction(() => {
    const existing = findUser(db, email);
    if (existing !== undefined) throw new ConflictError(existing.tenantId === p.tenantId ? `${email} is a member already.` : `${email} has an account of its own; an address belongs to one account.`);
    addTeamInvitation(db, email, p.tenantId, role, actorOf(p), services.now().toISOString());
    recordAudit(db, { tenantId: p.tenantId, actor: actorOf(p), action: 'member.invite', target: email, after: { role } });
  })();
  await requestMagicLink(services, email, ip);
  return { email, role, status: 'invited' };
}

/** Changes a member's role. The last owner stays an owner (ConflictError); admins cannot touch owners. Audited as "member.role". */
export function changeRole(services: Services, p: Principal, rawEmail: string, role: Role): MemberResponse {
  const actor = actingRole(p);
  const { db } = services;
  return db.transaction(() => {
    const user = memberOf(services, p.tenantId, rawEmail);
    mayManage(actor, user.role);
    mayManage(actor, role);
    if (user.role === role) return { email: user.email, role, status: 'member' as const };
    if (user.role === 'owner' && owners(services, p.tenantId) === 1) throw new ConflictError(`${user.email} is the last owner; make someone else an owner first.`);
    setRole(db, user.email, role);
    recordAudit(db, { tenantId: p.tenantId, actor: actorOf(p), action: 'member.role', target: user.email, before: { role: user.role }, after: { role } });
    return { email: user.email, role, status: 'member' as const };
  })();
}

/**
 * Removes a member (its sessions stop working at its next request) or withdraws an invitation.
 * The last owner cannot leave (ConflictError); admins cannot remove owners. Audited as "member.remove".
 */
export function removeMember(services: Services, p: Principal, rawEmail: string): void {
  const actor = actingRole(p);
  const { db } = services;
  const email = normaliseEmail(rawEmail);
  db.transaction(() => {
    const invitation = findTeamInvitation(db, email);
    if (invitation !== undefined && invitation.tenantId === p.tenantId && findUser(db, email) === undefined) {
      mayManage(actor, invitation.role);
      deleteInvitation(db, email);
      recordAudit(db, { tenantId: p.tenantId, actor: actorOf(p), action: 'member.uninvite', target: email, before: { role: invitation.role } });
      return;
    }
    const user = memberOf(services, p.tenantId, email);
    mayManage(actor, user.role);
    if (user.role === 'owner' && owners(services, p.tenantId) === 1) throw new ConflictError(`${user.email} is the last owner and cannot leave; make someone else an owner first.`);
    deleteUser(db, user.email);
    recordAudit(db, { tenantId: p.tenantId, actor: actorOf(p), action: 'member.remove', target: user.email, before: { role: user.role } });
  })();
}
