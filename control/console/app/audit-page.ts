// The audit log page: the tenant's recent changes, newest first, with who made them and what changed.
import { request } from './api.js';
import { readAuditPage } from './api-types.js';
import type { AuditEntry, AuditPage } from './api-types.js';
import { h, replace } from './dom.js';
import { emptyState, errorState, loadInto, loadingState, longText, pageTitle, time } from './ui.js';

const PAGE = 50;

/** "user:a@b.c" → "a@b.c"; "token:ab12…" → "token ab12…". */
function actorText(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('token:')) return `token ${actor.slice(6)}`;
  return actor;
}

/** A before/after value in one short line: an RRset's values, or its fields as "key: value". */
function stateText(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  const o = value as Record<string, unknown>;
  if (Array.isArray(o['records'])) {
    const ttl = typeof o['ttl'] === 'number' ? `TTL ${o['ttl']}: ` : '';
    return ttl + o['records'].map(String).join(', ');
  }
  return Object.entries(o)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function entryRow(entry: AuditEntry): HTMLElement {
  const hasChange = entry.before !== null || entry.after !== null;
  return h(
    'tr',
    {},
    h('td', { 'data-label': 'When' }, time(entry.at)),
    h('td', { 'data-label': 'Who' }, actorText(entry.actor)),
    h('td', { 'data-label': 'What' }, h('span', { class: 'mono' }, entry.action), ' ', h('span', { class: 'target' }, entry.target)),
    h(
      'td',
      { 'data-label': 'Change' },
      hasChange
        ? h(
            'div',
            { class: 'change' },
            entry.before === null ? null : h('del', {}, longText(stateText(entry.before))),
            entry.after === null ? null : h('ins', {}, longText(stateText(entry.after))),
          )
        : h('span', { class: 'muted' }, '—'),
    ),
  );
}

function auditTable(page: AuditPage, tbody: HTMLElement, more: HTMLElement): HTMLElement {
  if (page.entries.length === 0) return emptyState('Nothing has happened yet. Changes to zones, records and tokens appear here.');
  replace(tbody, page.entries.map(entryRow));
  showMore(page.nextBefore, tbody, more);
  return h(
    'div',
    {},
    h(
      'table',
      { class: 'data audit' },
      h('caption', { class: 'visually-hidden' }, 'Audit log'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Change'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody,
    ),
    more,
  );
}

/** The "Show older" button under the table, loading the next page into it. */
function showMore(nextBefore: number | null, tbody: HTMLElement, more: HTMLElement): void {
  if (nextBefore === null) {
    replace(more);
    return;
  }
  const button = h('button', { type: 'button', class: 'secondary' }, 'Show older entries');
  button.addEventListener('click', () => {
    replace(more, loadingState());
    request('GET', `/api/audit?limit=${PAGE}&before=${nextBefore}`).then(
      (answer) => {
        const page = readAuditPage(answer);
        for (const entry of page.entries) tbody.append(entryRow(entry));
        showMore(page.nextBefore, tbody, more);
      },
      (err: unknown) => replace(more, errorState(err)),
    );
  });
  replace(more, button);
}

/** The audit log page. */
export function renderAudit(main: HTMLElement): void {
  const region = h('div', { class: 'region' });
  replace(main, h('section', {}, pageTitle('Audit log'), h('p', { class: 'lead' }, 'Every change in your account: who made it, with which token, and what changed.'), region));
  loadInto(
    region,
    async () => readAuditPage(await request('GET', `/api/audit?limit=${PAGE}`)),
    (page) => auditTable(page, h('tbody'), h('div', { class: 'more' })),
  );
}
