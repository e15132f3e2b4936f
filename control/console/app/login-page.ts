// The sign-in pages: ask for a magic link by email, and exchange a link's token for a session.
import { request } from './api.js';
import { readMagicLinkSent } from './api-types.js';
import { object, str } from './decode.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { takeNotice } from './notice.js';
import { href } from './router.js';
import { saveSession } from './session.js';
import { errorState, loadingState, pageTitle, withBusy } from './ui.js';

/** The login page: an email field; after sending, where to look (and the link itself in dev mode). */
export function renderLogin(main: HTMLElement): void {
  const notice = takeNotice();
  const email = field('Email address', h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, placeholder: 'you@example.com' }));
  const problem = formError();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Email me a sign-in link');
  const result = h('div', { class: 'login-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card login', novalidate: true }, email.root, problem.root, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const address = email.control.value.trim();
    email.setError(undefined);
    problem.set(undefined);
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      email.setError('Enter an email address such as you@example.com.');
      email.control.focus();
      return;
    }
    withBusy(submit, 'Sending…', () => request('POST', '/api/auth/magic-link', { email: address })).then(
      (answer) => {
        const sent = readMagicLinkSent(answer);
        replace(
          result,
          h(
            'div',
            { class: 'card sent' },
            h('h2', {}, 'Check your email'),
            h('p', {}, 'If ', h('strong', {}, address), ' can sign in, a link is on its way. It works once, for 15 minutes.'),
            sent.devLink === undefined
              ? null
              : h('p', { class: 'dev-link' }, h('span', { class: 'badge warn' }, 'Dev mode'), ' No mail is sent: ', h('a', { href: sent.devLink, id: 'dev-link' }, 'Open the sign-in link')),
          ),
        );
      },
      (err: unknown) => problem.set(err instanceof Error ? err.message : String(err)),
    );
  });
  replace(
    main,
    h(
      'section',
      { class: 'narrow' },
      pageTitle('Sign in to DNSCove'),
      notice === undefined ? null : h('p', { class: 'notice', role: 'alert' }, notice),
      h('p', { class: 'lead' }, 'We email you a one-time link. No password needed.'),
      form,
      result,
    ),
  );
}

/**
 * The landing page of sign-in links (/auth/callback hands the token over in the hash):
 * exchanges it for a session, keeps it, and opens the zone list.
 */
export function renderAuth(main: HTMLElement, token: string): void {
  const region = h('div', { class: 'region' }, loadingState('Signing you in…'));
  replace(main, h('section', { class: 'narrow' }, pageTitle('Signing in'), region));
  // The token is single-use: take it out of the address (and history) straight away.
  history.replaceState(null, '', `${location.pathname}#/login`);
  if (token === '') {
    replace(region, h('p', { class: 'state error', role: 'alert' }, 'This sign-in link has no token. ', h('a', { href: href({ page: 'login' }) }, 'Ask for a new link.')));
    return;
  }
  request('POST', '/api/auth/exchange', { token }).then(
    (answer) => {
      const o = object(answer, 'session');
      saveSession({ token: str(o, 'session'), expiresAt: str(o, 'expires_at'), email: str(o, 'email') });
      // A hash change: the hashchange listener renders the zone list.
      location.replace(href({ page: 'zones' }));
    },
    (err: unknown) => replace(region, errorState(err), h('p', {}, h('a', { href: href({ page: 'login' }) }, 'Ask for a new sign-in link.'))),
  );
}
