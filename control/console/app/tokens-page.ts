// The tokens page: machine tokens per zone and tenant-wide; mint one (plaintext shown once); revoke.
import { request } from './api.js';
import { readMintedToken, readTokens, readZones } from './api-types.js';
import type { MintedToken, Scope, Token, Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { href } from './router.js';
import { confirmAction, copyButton, emptyState, errorState, loadInto, pageTitle, time, withBusy } from './ui.js';

/** The scope choices in plain words; `zoneBound` scopes need a zone. */
const SCOPES: readonly { scope: Scope; label: string; zoneBound: boolean }[] = [
  { scope: 'acme-dns01', label: 'Only ACME challenges for this zone (certbot, lego, acme.sh)', zoneBound: true },
  { scope: 'zone-admin', label: 'Read and change the records of this zone', zoneBound: true },
  { scope: 'tenant-admin', label: 'Everything in this account, every zone (like you)', zoneBound: false },
];

function scopeText(scope: Scope): string {
  switch (scope) {
    case 'acme-dns01':
      return 'ACME challenges only';
    case 'zone-admin':
      return 'Zone records';
    case 'tenant-admin':
      return 'Whole account';
  }
}

interface Data {
  tokens: Token[];
  zones: Zone[];
}

function tokensTable(data: Data, reload: () => void, notice: HTMLElement): HTMLElement {
  if (data.tokens.length === 0) return emptyState('No tokens yet. Mint one above for an ACME client or a script.');
  const originOf = new Map(data.zones.map((z) => [z.id, z.origin]));
  const rows = data.tokens.map((token) => {
    const revoke = h('button', { type: 'button', class: 'danger small', 'aria-label': `Revoke ${token.name || token.id}` }, 'Revoke');
    revoke.addEventListener('click', () => {
      void confirmAction(
        `Revoke ${token.name || token.id}?`,
        h('p', {}, 'Programs using this token are refused from their next request. This cannot be undone.'),
        'Revoke token',
      ).then((yes) => {
        if (!yes) return;
        withBusy(revoke, 'Revoking…', () => request('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`)).then(reload, (err: unknown) =>
          replace(notice, errorState(err)),
        );
      });
    });
    const zone = token.zoneId === null ? h('span', { class: 'muted' }, 'All zones') : originOf.get(token.zoneId) ?? token.zoneId;
    return h(
      'tr',
      { class: token.revoked ? 'revoked' : null, 'data-token-id': token.id },
      h('th', { scope: 'row', 'data-label': 'Name' }, token.name === '' ? h('span', { class: 'mono' }, token.id) : token.name),
      h('td', { 'data-label': 'Scope' }, scopeText(token.scope)),
      h('td', { 'data-label': 'Zone' }, zone),
      h('td', { 'data-label': 'Expires' }, time(token.expiresAt, 'Never')),
      h('td', { 'data-label': 'Last used' }, time(token.lastUsedAt, 'Never')),
      h('td', { class: 'actions-cell' }, token.revoked ? h('span', { class: 'badge' }, 'Revoked') : revoke),
    );
  });
  return h(
    'table',
    { class: 'data tokens' },
    h('caption', { class: 'visually-hidden' }, 'Tokens'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Name', 'Scope', 'Zone', 'Expires', 'Last used'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
      ),
    ),
    h('tbody', {}, rows),
  );
}

/** The plaintext of a new token, with a copy button and the warning that it is shown only now. */
function mintedPanel(minted: MintedToken, dismiss: () => void): HTMLElement {
  return h(
    'div',
    { class: 'card minted', role: 'status' },
    h('h2', { tabindex: '-1' }, 'Your new token'),
    h('p', { class: 'warning' }, 'Copy it now: it is shown only once. DNSCove keeps only a hash of it.'),
    h('div', { class: 'secret-row' }, h('code', { class: 'secret', id: 'minted-token' }, minted.token), copyButton(minted.token)),
    h('button', { type: 'button', class: 'secondary', onclick: dismiss }, 'I have copied it'),
  );
}

/**
 * The form to mint a token. Its defaults can be sent as they are: the first scope (ACME for
 * one zone) with the zone of this page, or the first zone; with no zone at all, the
 * account-wide scope, the only one that needs none.
 */
function mintForm(zones: Zone[], zoneId: string | undefined, onMinted: (t: MintedToken) => void): HTMLElement {
  const preselected = zoneId ?? zones[0]?.id;
  const firstScope = preselected === undefined ? SCOPES.findIndex((s) => !s.zoneBound) : 0;
  const name = field('Name', h('input', { type: 'text', name: 'name', maxlength: 200, placeholder: 'certbot on web1', autocomplete: 'off' }), 'So you recognise it later.');
  const zoneSelect = h(
    'select',
    { name: 'zone' },
    h('option', { value: '' }, 'No zone (whole account)'),
    zones.map((z) => h('option', { value: z.id, selected: z.id === preselected }, z.origin)),
  );
  const zone = field('Zone', zoneSelect);
  const scopeName = 'scope';
  const radios = SCOPES.map((s, i) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: scopeName, value: s.scope, checked: i === firstScope }), ' ', s.label),
  );
  const scopeError = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const scopes = h('fieldset', { class: 'field' }, h('legend', {}, 'What may it do?'), radios, scopeError);
  const expiry = field('Expires after (days)', h('input', { type: 'number', name: 'expires', min: 0, max: 3650, value: 90, inputmode: 'numeric' }), '0 = never.');
  const problem = formError();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Mint token');
  const form = h('form', { class: 'card mint', novalidate: true }, h('h2', {}, 'Mint a token'), name.root, scopes, zone.root, expiry.root, problem.root, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.set(undefined);
    replace(scopeError, '');
    zone.setError(undefined);
    expiry.setError(undefined);
    const chosen = SCOPES.find((s) => form.querySelector<HTMLInputElement>(`input[name="${scopeName}"][value="${s.scope}"]`)?.checked === true);
    if (chosen === undefined) {
      replace(scopeError, 'Choose what the token may do.');
      return;
    }
    const days = Number(expiry.control.value);
    if (!Number.isInteger(days) || days < 0 || days > 3650) {
      expiry.setError('Enter a whole number of days from 0 to 3650.');
      expiry.control.focus();
      return;
    }
    const zid = zoneSelect.value;
    if (chosen.zoneBound && zid === '') {
      zone.setError('This kind of token is for one zone: choose it.');
      zoneSelect.focus();
      return;
    }
    const body: Record<string, unknown> = { scope: chosen.scope, name: name.control.value.trim(), expires_in_days: days };
    const path = chosen.zoneBound ? `/api/zones/${encodeURIComponent(zid)}/tokens` : '/api/tokens';
    withBusy(submit, 'Minting…', () => request('POST', path, body)).then(
      (answer) => {
        name.control.value = '';
        onMinted(readMintedToken(answer));
      },
      (err: unknown) => problem.set(err instanceof Error ? err.message : String(err)),
    );
  });
  return form;
}

/** The tokens page; `zoneId` preselects a zone (linked from a zone's page). */
export function renderTokens(main: HTMLElement, zoneId: string | undefined): void {
  const region = h('div', { class: 'region' });
  const formRegion = h('div', { class: 'region' });
  const minted = h('div');
  const notice = h('div');
  // On a zone's tokens page, only that zone's tokens (the API lists them per zone).
  const listPath = zoneId === undefined ? '/api/tokens' : `/api/zones/${encodeURIComponent(zoneId)}/tokens`;
  const load = async (): Promise<Data> => {
    const [tokens, zones] = await Promise.all([request('GET', listPath), request('GET', '/api/zones')]);
    return { tokens: readTokens(tokens), zones: readZones(zones) };
  };
  const reload = (): void => loadInto(region, load, (data) => tokensTable(data, reload, notice));
  loadInto(formRegion, async () => readZones(await request('GET', '/api/zones')), (zones) =>
    mintForm(zones, zoneId, (token) => {
      replace(minted, mintedPanel(token, () => replace(minted)));
      minted.querySelector<HTMLElement>('h2')?.focus();
      reload();
    }),
  );
  replace(
    main,
    h(
      'section',
      {},
      pageTitle('Tokens', zoneId === undefined ? null : h('a', { href: href({ page: 'zone', zoneId }) }, '← Back to the zone')),
      h('p', { class: 'lead' }, 'Tokens let programs use the API without your session: an ACME client renewing certificates, or a deploy script.'),
      minted,
      formRegion,
      zoneId === undefined
        ? h('h2', {}, 'Your tokens')
        : h('div', { class: 'page-head' }, h('h2', {}, 'Tokens of this zone'), h('a', { href: href({ page: 'tokens', zoneId: undefined }) }, 'Show every token')),
      notice,
      region,
    ),
  );
  reload();
}
