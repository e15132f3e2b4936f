// Magic-link login: issue a single-use link by mail, and exchange it for a session.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import { ProblemError } from '../errors/problem-error.js';
import { RateLimitedError, UnauthorizedError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { consumeMagicLink, deleteExpiredMagicLinks, insertMagicLink, linkTimesForEmail, linkTimesForEmailAndIp, linkTimesForIp } from '../store/magic-links.js';
import { insertTenant } from '../store/tenants.js';
import { deleteInvitation, findTeamInvitation, isInvited, isOperator } from '../store/operators.js';
import { isSuspended } from '../store/tenants.js';
import { findUser, insertUser } from '../store/users.js';
import type { UserRow } from '../store/users.js';
import { signupAllows } from './signup-policy.js';
import { signSession } from './session.js';
import { isLoopbackHost } from '../config.js';

export const LINK_TTL_MS = 15 * 60 * 1000;
export const RATE_WINDOW_MS = 15 * 60 * 1000;
/** Per address and client: a person asking again and again from one place. */
export const MAX_LINKS_PER_EMAIL_AND_CLIENT = 5;
/** Per address from anywhere: high, so that one network cannot use it up and lock the owner out. */
export const MAX_LINKS_PER_EMAIL = 50;
export const MAX_LINKS_PER_IP = 20;
/**
 * Dev mode on a loopback address is one developer trying the console: links cost nothing and
 * nobody else can ask, so the limits are this many times higher there.
 */
const LOCAL_DEV_FACTOR = 20;
/** 32 random bytes: 256 bits, above the 160 the design asks for. */
const LINK_TOKEN_BYTES = 32;

export interface IssuedLink {
  readonly token: string;
  readonly link: string;
}

export interface Session {
  readonly session: string;
  readonly expiresAt: Date;
  readonly tenantId: string;
  readonly email: string;
}

/** Addresses are compared case-insensitively and without surrounding space. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Seconds until the oldest of the last `max` requests leaves the window, or undefined when under the limit. */
function retryAfter(times: readonly number[], max: number, nowMs: number): number | undefined {
  if (times.length < max) return undefined;
  const oldestCounted = times[times.length - max]!;
  return (oldestCounted + RATE_WINDOW_MS - nowMs) / 1000;
}

/** The console landing page a mailed link opens. */
export function callbackLink(publicUrl: string, token: string): string {
  return `${publicUrl}/auth/callback?token=${encodeURIComponent(token)}`;
}

/**
 * Issues a login link for `email` and mails it (over SMTP when configured; logged in dev
 * mode), when the address may sign in: it has an account, is an operator or invited, or the
 * signup policy (DNSCOVE_SIGNUP) lets it open one. For any other address nothing is stored or
 * sent and undefined is returned; the route answers the same either way (no enumeration). The
 * account is only created at the exchange. Limited within RATE_WINDOW_MS to
 * MAX_LINKS_PER_EMAIL_AND_CLIENT per address and client, MAX_LINKS_PER_EMAIL per address from
 * anywhere and MAX_LINKS_PER_IP per client (RateLimitedError with the seconds until a slot
 * frees), so one client cannot lock an address out; LOCAL_DEV_FACTOR times more in dev mode on
 * loopback. Only the link's SHA-256 is stored.
 */
export async function requestMagicLink(services: Services, rawEmail: string, ip: string): Promise<IssuedLink | undefined> {
  const email = normaliseEmail(rawEmail);
  const now = services.now().getTime();
  const since = now - RATE_WINDOW_MS;
  // Links that expired before the rate window began can neither be used nor counted any more.
  deleteExpiredMagicLinks(services.db, since);
  const factor = services.config.devMode && isLoopbackHost(services.config.httpHost) ? LOCAL_DEV_FACTOR : 1;
  const wait =
    retryAfter(linkTimesForEmailAndIp(services.db, email, ip, since), MAX_LINKS_PER_EMAIL_AND_CLIENT * factor, now) ??
    retryAfter(linkTimesForEmail(services.db, email, since), MAX_LINKS_PER_EMAIL * factor, now) ??
    retryAfter(linkTimesForIp(services.db, ip, since), MAX_LINKS_PER_IP * factor, now);
  if (wait !== undefined) throw new RateLimitedError(wait);
  if (!maySignIn(services, email)) {
    services.log.info('sign-in link withheld: the signup policy does not admit this address', { email, signup: services.config.signup.kind });
    return undefined;
  }
  const token = randomBytes(LINK_TOKEN_BYTES).toString('base64url');
  insertMagicLink(services.db, { tokenHash: hashLinkToken(token), email, ip, createdAt: now, expiresAt: now + LINK_TTL_MS });
  const link = callbackLink(services.config.publicUrl, token);
  if (services.config.devMode) services.log.info('magic link (dev mode)', { email, link });
  if (services.config.smtpUrl !== undefined) {
    try {
      await services.mailer.send({
        to: email,
        subject: 'Your DNSCove sign-in link',
        text: `Sign in to DNSCove with this link (valid for 15 minutes, usable once):\n\n${link}\n\nIf you did not ask for it, ignore this message.\n`,
      });
    } catch (err) {
      services.log.error('magic link mail failed', { email, err });
      throw new ProblemError({ status: 503, slug: 'mail-unavailable', title: 'Mail unavailable', detail: 'The sign-in mail could not be sent; try again later.', expose: true, cause: err });
    }
  }
  return { token, link };
}

/** An account, an operator, an invitation, or the signup policy's consent. */
function maySignIn(services: Services, email: string): boolean {
  const { db } = services;
  if (findUser(db, email) !== undefined || isOperator(db, email)) return true;
  return signupAllows(services.config.signup, email, isInvited(db, email));
}

/** The user an address becomes at its first login: a member of the account that invited it, or the owner of a new one. */
function firstLogin(db: Services['db'], email: string, at: string): UserRow {
  const invitation = findTeamInvitation(db, email);
  const user: UserRow =
    invitation === undefined
      ? { email, tenantId: newTenantId(), role: 'owner', createdAt: at, sessionEpoch: 0 }
      : { email, tenantId: invitation.tenantId, role: invitation.role, createdAt: at, sessionEpoch: 0 };
  if (invitation === undefined) insertTenant(db, { id: user.tenantId, createdAt: at });
  insertUser(db, user);
  return user;
}

function newTenantId(): string {
  return 'T' + randomBytes(7).toString('hex');
}

/**
 * Exchanges a link token for a session. The link is consumed atomically (one UPDATE …
 * WHERE used_at IS NULL), so it works once even under concurrent exchanges; unknown, used
 * or expired links are a 401, and so is a member of a suspended account. The first login of an
 * address joins the account that invited it (with the invited role) or creates its own (as
 * owner); every login writes an "auth.login" audit entry, in the same transaction.
 */
export function exchangeMagicLink(services: Services, token: string): Session {
  const { db } = services;
  const now = services.now();
  return db.transaction((): Session => {
    const link = consumeMagicLink(db, hashLinkToken(token), now.getTime());
    if (link === undefined) throw new UnauthorizedError('The sign-in link is invalid, expired or already used.');
    const existing = findUser(db, link.email);
    const user = existing ?? firstLogin(db, link.email, now.toISOString());
    if (isSuspended(db, user.tenantId)) throw new UnauthorizedError('This account is suspended.');
    const joined = existing === undefined && findTeamInvitation(db, link.email) !== undefined;
    if (existing === undefined) deleteInvitation(db, link.email);
    recordAudit(db, { tenantId: user.tenantId, actor: `user:${user.email}`, action: 'auth.login', target: user.email, after: { new_tenant: existing === undefined && !joined, ...(joined ? { joined_as: user.role } : {}) }, at: now });
    const secret = services.config.sessionSecret;
    if (secret === undefined) throw new Error('auth: no session secret configured');
    const expiresAtSeconds = Math.floor(now.getTime() / 1000) + services.config.sessionTtlSeconds;
    const session = signSession(secret, { tenantId: user.tenantId, email: user.email, expiresAt: expiresAtSeconds, id: randomBytes(12).toString('base64url'), epoch: user.sessionEpoch });
    return { session, expiresAt: new Date(expiresAtSeconds * 1000), tenantId: user.tenantId, email: user.email };
  })();
}
