// The zone page's secondaries: each standard secondary (NSD, Knot, BIND, a paid service) with the
// serial it answers with now, whether that is the published one, and why not.
import { request } from './api.js';
import { readZoneSecondaries } from './api-types.js';
import type { Secondary, ZoneSecondaries } from './api-types.js';
import { h, replace } from './dom.js';
import { errorState } from './ui.js';

function kind(s: Secondary): string {
  if (s.operator) return 'this server’s';
  return s.zoneId === null ? 'every zone of the account' : 'this zone';
}

function row(s: Secondary, published: number): HTMLElement {
  return h(
    'tr',
    { 'data-address': s.address },
    h('th', { scope: 'row', 'data-label': 'Secondary' }, h('span', { class: 'mono' }, s.address)),
    h('td', { 'data-label': 'For' }, kind(s)),
    h('td', { 'data-label': 'Serves serial' }, s.serialServed === null ? h('span', { class: 'muted' }, '—') : h('span', { class: 'mono' }, String(s.serialServed))),
    h('td', { 'data-label': 'State' }, s.inSync ? h('span', { class: 'badge ok' }, 'In sync') : h('span', { class: 'badge warn' }, `Behind ${published}`)),
    h('td', { 'data-label': 'Why not' }, s.lastError === null ? h('span', { class: 'muted' }, '—') : h('span', { class: 'warn-text' }, s.lastError)),
  );
}

function table(list: ZoneSecondaries): HTMLElement {
  if (list.secondaries.length === 0) {
    return h('p', { class: 'muted' }, 'No secondaries. Add one with POST /api/zones/{id}/secondaries {address, tsig_key_id}: it gets NOTIFY on every publish and transfers the zone with its key.');
  }
  return h(
    'table',
    { class: 'data secondaries' },
    h('thead', {}, h('tr', {}, ['Secondary', 'For', 'Serves serial', 'State', 'Why not'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.secondaries.map((s) => row(s, list.publishedSerial))),
  );
}

/** The panel, and `refresh()` to ask every secondary again (each is asked for the zone's SOA then). */
export function secondariesPanel(base: string): { root: HTMLElement; refresh: () => Promise<void> } {
  const body = h('div', { 'aria-live': 'polite' });
  const root = h('section', { class: 'secondaries', 'aria-labelledby': 'secondaries-title' }, h('h2', { id: 'secondaries-title' }, 'Secondaries'), body);
  const refresh = (): Promise<void> =>
    request('GET', `${base}/secondaries`).then(
      (value) => replace(body, table(readZoneSecondaries(value))),
      (err: unknown) => replace(body, errorState(err)),
    );
  return { root, refresh };
}
