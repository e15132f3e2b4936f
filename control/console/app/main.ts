// The console's entry point: the page frame, and rendering whichever page the address names.
import { request } from './api.js';
import { renderAudit } from './audit-page.js';
import { renderChecks } from './checks-page.js';
import { h, replace } from './dom.js';
import { renderImport } from './import-page.js';
import { renderAuth, renderLogin } from './login-page.js';
import { renderNameservers } from './nameservers-page.js';
import { href, parseRoute } from './router.js';
import type { Route } from './router.js';
import { setNotice } from './notice.js';
import { clearSession, loadSession, staleSession } from './session.js';
import type { Session } from './session.js';
import { renderTeam } from './team-page.js';
import { renderTokens } from './tokens-page.js';
import { renderZone } from './zone-page.js';
import { renderZones } from './zones-page.js';

const NAV: readonly { label: string; route: Route; section: Route['page'][] }[] = [
  { label: 'Zones', route: { page: 'zones' }, section: ['zones', 'zone', 'checks'] },
  { label: 'Import', route: { page: 'import' }, section: ['import'] },
  { label: 'Tokens', route: { page: 'tokens', zoneId: undefined }, section: ['tokens'] },
  { label: 'Team', route: { page: 'team' }, section: ['team'] },
  { label: 'Nameservers', route: { page: 'nameservers' }, section: ['nameservers'] },
  { label: 'Audit log', route: { page: 'audit' }, section: ['audit'] },
];

function header(route: Route, session: Session | undefined): HTMLElement {
  const brand = h('a', { class: 'brand', href: href({ page: 'zones' }) }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◆'), 'DNSCove');
  if (session === undefined) return h('div', { class: 'bar' }, brand);
  const links = NAV.map((item) =>
    h('li', {}, h('a', { href: href(item.route), 'aria-current': item.section.includes(route.page) ? 'page' : null }, item.label)),
  );
  const logout = h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Log out');
  return h(
    'div',
    { class: 'bar' },
    brand,
    h('nav', { 'aria-label': 'Main' }, h('ul', {}, links)),
    h('div', { class: 'who' }, h('span', { class: 'email', title: session.email }, session.email), logout),
  );
}

/** Ends the session on the server too (so a copy of it is useless), then here; the server's answer is not waited on for long. */
function signOut(): void {
  void request('POST', '/api/auth/sign-out')
    .catch(() => undefined)
    .finally(() => {
      clearSession();
      location.hash = href({ page: 'login' });
    });
}

function render(): void {
  const top = document.getElementById('top');
  const main = document.getElementById('main');
  if (top === null || main === null) return;
  const route = parseRoute(location.hash);
  const session = loadSession();
  if (route.page === 'auth') {
    replace(top, header(route, undefined));
    renderAuth(main, route.token);
    return;
  }
  if (session === undefined && staleSession()) {
    clearSession();
    setNotice('Your session has expired. Sign in again to continue.');
  }
  if (session === undefined && route.page !== 'login') {
    location.replace(href({ page: 'login' }));
    return;
  }
  if (session !== undefined && route.page === 'login') {
    location.replace(href({ page: 'zones' }));
    return;
  }
  replace(top, header(route, session));
  switch (route.page) {
    case 'login':
      renderLogin(main);
      break;
    case 'zones':
      renderZones(main);
      break;
    case 'zone':
      renderZone(main, route.zoneId);
      break;
    case 'checks':
      renderChecks(main, route.zoneId);
      break;
    case 'tokens':
      renderTokens(main, route.zoneId);
      break;
    case 'import':
      renderImport(main);
      break;
    case 'nameservers':
      renderNameservers(main);
      break;
    case 'team':
      renderTeam(main);
      break;
    case 'audit':
      renderAudit(main);
      break;
  }
  // Move focus to the new page's title, as a full page load would put the reader at the top.
  main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', render);
// Another tab signing out (or in) changes what this one may show.
window.addEventListener('storage', (event) => {
  if (event.key === 'dnscove.session') render();
});
render();
