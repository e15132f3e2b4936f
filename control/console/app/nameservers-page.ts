// The nameservers page: every nameserver (the embedded edge, each remote edge process), when each was last heard from, and which zones each is behind on.
import { request } from './api.js';
import { readNameservers, readZones } from './api-types.js';
import type { EdgeProcess, Nameservers, Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { href } from './router.js';
import { emptyState, errorState, pageTitle, time } from './ui.js';

/** How often the page asks again while it is shown: nameservers connect, catch up and drop out on their own. */
const POLL_MS = 3000;

function edgeRow(e: EdgeProcess): HTMLElement {
  return h(
    'tr',
    { 'data-name': e.name },
    h('th', { scope: 'row', 'data-label': 'Nameserver' }, e.name, e.instance === '' ? null : h('span', { class: 'muted small mono' }, ` ${e.instance}`)),
    h('td', { 'data-label': 'Address' }, h('span', { class: 'mono' }, e.address)),
    h('td', { 'data-label': 'Last seen' }, time(e.lastSeen)),
    h('td', { 'data-label': 'State' }, e.connected ? h('span', { class: 'badge ok' }, 'Connected') : h('span', { class: 'badge warn' }, 'Not connected')),
    h('td', { 'data-label': 'Zones behind' }, e.zonesBehind === 0 ? h('span', { class: 'ok-text' }, 'none') : h('span', { class: 'warn-text' }, String(e.zonesBehind))),
    h('td', { 'data-label': 'Lagging zones' }, laggingZones(e)),
  );
}

/** The zones whose last publish the edge does not serve, by the serials it reported. */
function laggingZones(e: EdgeProcess): HTMLElement {
  if (e.zonesLagging === null) return h('span', { class: 'muted' }, 'not reported');
  if (e.zonesLagging === 0) return h('span', { class: 'ok-text' }, 'none');
  const shown = e.laggingZones.slice(0, 5);
  return h(
    'ul',
    { class: 'ns-list small' },
    shown.map((z) => h('li', { 'data-zone': z.zone }, h('span', { class: 'mono' }, z.zone), ` serves ${z.serving ?? 'nothing'}, published ${z.published}`)),
    e.zonesLagging > shown.length ? h('li', { class: 'muted' }, `and ${e.zonesLagging - shown.length} more`) : null,
  );
}

function nameserversTable(ns: Nameservers): HTMLElement {
  if (ns.edges.length === 0 && !ns.embedded) return emptyState('No nameserver has reported yet. Start one with `dnscove edge --snapshots URL` and a key from `dnscove edge-key create`.');
  const embedded = ns.embedded
    ? h(
        'tr',
        { 'data-name': 'embedded edge' },
        h('th', { scope: 'row', 'data-label': 'Nameserver' }, 'embedded edge', h('span', { class: 'muted small' }, ' (started with the control plane)')),
        h('td', { 'data-label': 'Address' }, h('span', { class: 'muted' }, 'this server')),
        h('td', { 'data-label': 'Last seen' }, h('span', { class: 'muted' }, 'now')),
        h('td', { 'data-label': 'State' }, h('span', { class: 'badge ok' }, 'Serving')),
        h('td', { 'data-label': 'Zones behind' }, h('span', { class: 'ok-text' }, 'none')),
        h('td', { 'data-label': 'Lagging zones' }, h('span', { class: 'ok-text' }, 'none')),
      )
    : null;
  return h(
    'table',
    { class: 'data nameservers' },
    h('caption', {}, 'Nameservers'),
    h('thead', {}, h('tr', {}, ['Nameserver', 'Address', 'Last seen', 'State', 'Zones behind', 'Lagging zones'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, embedded, ns.edges.map(edgeRow)),
  );
}

function zonesTable(zones: Zone[]): HTMLElement {
  if (zones.length === 0) return emptyState('No zones yet.');
  return h(
    'table',
    { class: 'data served' },
    h('caption', {}, 'What each zone is served as'),
    h('thead', {}, h('tr', {}, ['Zone', 'Published serial', 'Served by', 'Behind'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      zones.map((z) =>
        h(
          'tr',
          { 'data-zone': z.origin },
          h('th', { scope: 'row', 'data-label': 'Zone' }, h('a', { href: href({ page: 'zone', zoneId: z.id }) }, z.origin)),
          h('td', { 'data-label': 'Published serial' }, h('span', { class: 'mono' }, String(z.publishedSerial))),
          h('td', { 'data-label': 'Served by' }, `${z.edges.inSync} of ${z.edges.total}`),
          h('td', { 'data-label': 'Behind' }, z.edges.lagging.length === 0 ? h('span', { class: 'ok-text' }, 'none') : h('span', { class: 'warn-text' }, z.edges.lagging.join(', '))),
        ),
      ),
    ),
  );
}

/** The nameservers page, kept current while it is shown. */
export function renderNameservers(main: HTMLElement): void {
  const region = h('div', { class: 'region', 'aria-live': 'polite' });
  replace(
    main,
    h(
      'section',
      {},
      pageTitle('Nameservers'),
      h('p', { class: 'lead' }, 'Every nameserver that serves your zones, when each was last heard from, and which zones it has not caught up on.'),
      region,
    ),
  );
  const load = (): void => {
    Promise.all([request('GET', '/api/edges'), request('GET', '/api/zones')]).then(
      ([edges, zones]) => replace(region, nameserversTable(readNameservers(edges)), zonesTable(readZones(zones))),
      (err: unknown) => replace(region, errorState(err)),
    ).finally(() => {
      if (region.isConnected) setTimeout(load, POLL_MS);
    });
  };
  load();
}
