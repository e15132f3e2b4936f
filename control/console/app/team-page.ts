// The team page: who is in the account and in which role, who is invited; invite, change a role, remove.
import { request } from './api.js';
import { readMembers } from './api-types.js';
import type { Member, Members, Role } from './api-types.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { href } from './router.js';
import { clearSession, loadSession } from './session.js';
import { confirmAction, errorState, loadInto, pageTitle, time, withBusy } from './ui.js';

const ROLE_TEXT: Record<Role, string> = {
  owner: 'Owner — everything, including owners',
  admin: 'Admin — everything but owners',
  viewer: 'Viewer — reads only',
};

const roleSelect = (selected: Role, label: string): HTMLSelectElement =>
  h('select', { 'aria-label': label }, (Object.keys(ROLE_TEXT) as Role[]).map((r) => h('option', { value: r, selected: r === selected }, ROLE_TEXT[r])));

function memberRow(m: Member, me: string | undefined, reload: () => void, notice: HTMLElement, invited: boolean): HTMLElement {
  const path = `/api/members/${encodeURIComponent(m.email)}`;
  const remove = h('button', { type: 'button', class: 'danger small', 'aria-label': `${invited ? 'Withdraw the invitation of' : 'Remove'} ${m.email}` }, invited ? 'Withdraw' : m.email === me ? 'Leave' : 'Remove');
  remove.addEventListener('click', () => {
    void confirmAction(invited ? `Withdraw the invitation of ${m.email}?` : `Remove ${m.email}?`, h('p', {}, invited ? 'The sign-in link they got no longer joins this account.' : 'Their sessions stop working at once.'), invited ? 'Withdraw' : 'Remove').then((yes) => {
      if (yes) withBusy(remove, 'Removing…', () => request('DELETE', path)).then(reload, (err: unknown) => replace(notice, errorState(err)));
    });
  });
  const role = invited ? h('span', {}, ROLE_TEXT[m.role]) : roleSelect(m.role, `Role of ${m.email}`);
  if (!invited) {
    const select = role as HTMLSelectElement;
    select.addEventListener('change', () => {
      select.disabled = true;
      request('PATCH', path, { role: select.value }).then(reload, (err: unknown) => {
        select.value = m.role;
        select.disabled = false;
        replace(notice, errorState(err));
      });
    });
  }
  return h(
    'tr',
    { 'data-email': m.email },
    h('th', { scope: 'row', 'data-label': 'Address' }, m.email, invited ? h('span', { class: 'badge' }, ' invited') : null),
    h('td', { 'data-label': 'Role' }, role),
    h('td', { 'data-label': invited ? 'Invited' : 'Member since' }, time(m.createdAt)),
    h('td', { class: 'actions-cell' }, remove),
  );
}

function membersTable(members: Members, reload: () => void, notice: HTMLElement): HTMLElement {
  const me = loadSession()?.email;
  return h(
    'table',
    { class: 'data members' },
    h('caption', { class: 'visually-hidden' }, 'Members and invitations'),
    h('thead', {}, h('tr', {}, ['Address', 'Role', 'Since', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, members.members.map((m) => memberRow(m, me, reload, notice, false)), members.invitations.map((m) => memberRow(m, me, reload, notice, true))),
  );
}

function inviteForm(reload: () => void): HTMLElement {
  const email = field('Address', h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true, placeholder: 'colleague@example.com' }));
  const role = field('Role', roleSelect('viewer', 'Role'));
  const problem = formError();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Invite');
  const form = h('form', { class: 'card invite', novalidate: true, 'aria-label': 'Invite someone' }, h('h2', {}, 'Invite someone'), h('div', { class: 'editor-grid' }, email.root, role.root), problem.root, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.set(undefined);
    email.setError(undefined);
    withBusy(submit, 'Inviting…', () => request('POST', '/api/members', { email: email.control.value.trim(), role: role.control.value })).then(
      () => {
        email.control.value = '';
        reload();
      },
      (err: unknown) => problem.set(err instanceof Error ? err.message : String(err)),
    );
  });
  return form;
}

/** Ends every session of the signed-in address, on every device, this one included. */
function signOutEverywhere(): HTMLElement {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Sign out on every device');
  button.addEventListener('click', () => {
    void confirmAction('Sign out on every device?', h('p', {}, 'Every session of your address ends now, this one too; sign in again with a new link.'), 'Sign out everywhere').then((yes) => {
      if (!yes) return;
      withBusy(button, 'Signing out…', () => request('POST', '/api/auth/sign-out-everywhere')).then(
        () => {
          clearSession();
          location.hash = href({ page: 'login' });
        },
        () => undefined,
      );
    });
  });
  return h('div', { class: 'actions' }, button);
}

/** The team page. */
export function renderTeam(main: HTMLElement): void {
  const region = h('div', { class: 'region' });
  const notice = h('div');
  const reload = (): void => loadInto(region, async () => readMembers(await request('GET', '/api/members')), (members) => membersTable(members, reload, notice));
  replace(
    main,
    h(
      'section',
      {},
      pageTitle('Team'),
      h('p', { class: 'lead' }, 'Everyone who may sign in to this account. An invited address gets a sign-in link; its first sign-in joins this account.'),
      inviteForm(reload),
      notice,
      region,
      signOutEverywhere(),
    ),
  );
  reload();
}
