// Who may get a sign-in link for an address that has no account yet (DNSCOVE_SIGNUP).

/**
 * `open`: anyone; `domains`: addresses at these domains (exact, lower-case); `invite`: only
 * addresses an operator invited (and operators). Existing accounts always sign in.
 */
export type SignupPolicy = { readonly kind: 'open' } | { readonly kind: 'domains'; readonly domains: readonly string[] } | { readonly kind: 'invite' };

export class SignupPolicyError extends Error {
  override name = 'SignupPolicyError';
}

/**
 * Reads DNSCOVE_SIGNUP: "open", "invite" or "domains:example.com,example.org". Unset, a control
 * plane that mails links (SMTP) on an address other machines reach is invite-only, and any
 * other (a developer's loopback one) is open. Throws SignupPolicyError saying what is accepted.
 */
export function parseSignupPolicy(text: string | undefined, mailsToTheWorld: boolean): SignupPolicy {
  if (text === undefined || text === '') return mailsToTheWorld ? { kind: 'invite' } : { kind: 'open' };
  if (text === 'open' || text === 'invite') return { kind: text };
  const m = /^domains:(.+)$/.exec(text);
  const domains = m === null ? [] : m[1]!.split(',').map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter((d) => d !== '');
  if (domains.length === 0 || domains.some((d) => !/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(d))) {
    throw new SignupPolicyError(`DNSCOVE_SIGNUP "${text}" is not open, invite or domains:example.com,example.org`);
  }
  return { kind: 'domains', domains };
}

/** Whether the policy lets `email` (lower-cased) open an account by itself; `invited` says whether an operator invited it. */
export function signupAllows(policy: SignupPolicy, email: string, invited: boolean): boolean {
  if (invited || policy.kind === 'open') return true;
  if (policy.kind === 'invite') return false;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return policy.domains.includes(domain);
}
