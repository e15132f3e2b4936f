// The zone list: origin, status and publish state of each zone; create one; delete one after confirming.
import { request } from './api.js';
import { readZone, readZones } from './api-types.js';
import type { Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { href } from './router.js';
import { confirmAction, emptyState, errorState, loadInto, pageTitle, publishState, statusBadge, withBusy } from './ui.js';

function zonesTable(zones: Zone[], reload: () => void, notice: HTMLElement): HTMLElement {
  if (zones.length === 0) {
    return emptyState('No zones yet. Create one above, or import one from Route 53 or a zone file.', h('a', { class: 'button secondary', href: href({ page: 'import' }) }, 'Import a zone'));
  }
  const rows = zones.map((zone) => {
    const del = h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${zone.origin}` }, 'Delete');
    del.addEventListener('click', () => {
      void confirmAction(
        `Delete ${zone.origin}?`,
        h('p', {}, 'Every record of the zone is deleted and the name servers stop answering for it. This cannot be undone.'),
        'Delete zone',
      ).then((yes) => {
        if (!yes) return;
        withBusy(del, 'Deleting…', () => request('DELETE', `/api/zones/${encodeURIComponent(zone.id)}`)).then(reload, (err: unknown) =>
          replace(notice, errorState(err)),
        );
      });
    });
    return h(
      'tr',
      {},
      h('th', { scope: 'row', 'data-label': 'Zone' }, h('a', { href: href({ page: 'zone', zoneId: zone.id }) }, zone.origin)),
      h('td', { 'data-label': 'Status' }, statusBadge(zone.status)),
      h('td', { 'data-label': 'Serial' }, h('span', { class: 'mono' }, String(zone.serial)), ' ', publishState(zone.serial, zone.publishedSerial)),
      h('td', { class: 'actions-cell' }, del),
    );
  });
  return h(
    'table',
    { class: 'data zones' },
    h('caption', { class: 'visually-hidden' }, 'Your zones'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Zone'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Serial'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, rows),
  );
}

/** The zone list page (the home page). */
export function renderZones(main: HTMLElement): void {
  const region = h('div', { class: 'region' });
  const notice = h('div');
  const reload = (): void => loadInto(region, async () => readZones(await request('GET', '/api/zones')), (zones) => zonesTable(zones, reload, notice));

  const origin = field('New zone', h('input', { type: 'text', name: 'origin', placeholder: 'example.com', autocomplete: 'off', spellcheck: 'false', required: true }), 'The domain name you own, without "www".');
  const problem = formError();
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create zone');
  const form = h('form', { class: 'card inline-form', novalidate: true }, origin.root, create, problem.root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    origin.setError(undefined);
    problem.set(undefined);
    const text = origin.control.value.trim();
    if (text === '') {
      origin.setError('Enter the zone’s domain name, such as example.com.');
      origin.control.focus();
      return;
    }
    withBusy(create, 'Creating…', () => request('POST', '/api/zones', { origin: text })).then(
      (answer) => {
        const zone = readZone(answer);
        location.hash = href({ page: 'zone', zoneId: zone.id });
      },
      (err: unknown) => {
        origin.setError(err instanceof Error ? err.message : String(err));
        origin.control.focus();
      },
    );
  });

  replace(main, h('section', {}, pageTitle('Zones'), form, notice, region));
  reload();
}
