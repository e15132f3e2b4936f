// A zone's RRsets as a table, filterable by name and type and sortable by either column.
import type { RRset } from './api-types.js';
import { h, replace } from './dom.js';
import { relativeName } from './owner-names.js';
import { emptyState, longText } from './ui.js';

/** RRsets DNSCove manages itself (the apex SOA and NS): shown, never edited here. */
export function isManaged(rrset: RRset, origin: string): boolean {
  return relativeName(rrset.name, origin) === '@' && (rrset.type === 'SOA' || rrset.type === 'NS');
}

type SortKey = 'name' | 'type';

export interface RRsetTableActions {
  edit(rrset: RRset): void;
  remove(rrset: RRset, button: HTMLButtonElement): void;
}

/** The table with its filter bar; update() swaps the RRsets and keeps filter and sort. */
export interface RRsetTable {
  readonly root: HTMLElement;
  update(rrsets: RRset[]): void;
}

/**
 * Builds the table. Filtering matches the name text anywhere in the relative or absolute name;
 * sorting by name keeps the API's canonical order, which groups a name's subdomains together.
 */
export function rrsetTable(origin: string, actions: RRsetTableActions): RRsetTable {
  let rrsets: RRset[] = [];
  let sortKey: SortKey = 'name';
  let descending = false;
  const nameFilter = h('input', { type: 'search', id: 'filter-name', placeholder: 'www', autocomplete: 'off', spellcheck: 'false' });
  const typeFilter = h('select', { id: 'filter-type' }, h('option', { value: '' }, 'All types'));
  const count = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const body = h('div', { class: 'table-wrap' });
  const filters = h(
    'div',
    { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'filter-name' }, 'Filter by name'), nameFilter),
    h('div', { class: 'field' }, h('label', { for: 'filter-type' }, 'Filter by type'), typeFilter),
    count,
  );

  const sortButton = (key: SortKey, label: string): HTMLElement => {
    const active = sortKey === key;
    const th = h(
      'th',
      { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          onclick: () => {
            descending = sortKey === key ? !descending : false;
            sortKey = key;
            draw();
          },
        },
        label,
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ' ↕'),
      ),
    );
    return th;
  };

  const row = (rrset: RRset): HTMLElement => {
    const rel = relativeName(rrset.name, origin);
    const managed = isManaged(rrset, origin);
    const label = `${rel} ${rrset.type}`;
    const edit = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Edit ${label}`, onclick: () => actions.edit(rrset) }, 'Edit');
    const del = h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${label}` }, 'Delete');
    del.addEventListener('click', () => actions.remove(rrset, del));
    return h(
      'tr',
      { 'data-name': rel, 'data-type': rrset.type },
      h('th', { scope: 'row', 'data-label': 'Name', class: 'mono' }, rel),
      h('td', { 'data-label': 'Type' }, h('span', { class: 'type' }, rrset.type)),
      h('td', { 'data-label': 'TTL', class: 'num' }, String(rrset.ttl)),
      h('td', { 'data-label': 'Values' }, h('ul', { class: 'values' }, rrset.records.map((r) => h('li', { class: 'mono' }, longText(r))))),
      h('td', { class: 'actions-cell' }, managed ? h('span', { class: 'badge', title: 'DNSCove keeps the apex SOA and NS itself.' }, 'Managed') : [edit, ' ', del]),
    );
  };

  const draw = (): void => {
    const needle = nameFilter.value.trim().toLowerCase();
    const type = typeFilter.value;
    const shown = rrsets.filter(
      (r) => (type === '' || r.type === type) && (needle === '' || r.name.includes(needle) || relativeName(r.name, origin).includes(needle)),
    );
    if (sortKey === 'type') shown.sort((a, b) => a.type.localeCompare(b.type));
    if (descending) shown.reverse();
    replace(count, `${shown.length} of ${rrsets.length} record sets`);
    if (rrsets.length === 0) {
      replace(body, emptyState('This zone has no records yet. Add the first one below.'));
      return;
    }
    if (shown.length === 0) {
      replace(body, emptyState('No record sets match the filter.'));
      return;
    }
    replace(
      body,
      h(
        'table',
        { class: 'data rrsets' },
        h('caption', { class: 'visually-hidden' }, 'Record sets'),
        h('thead', {}, h('tr', {}, sortButton('name', 'Name'), sortButton('type', 'Type'), h('th', { scope: 'col' }, 'TTL'), h('th', { scope: 'col' }, 'Values'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, shown.map(row)),
      ),
    );
  };

  nameFilter.addEventListener('input', draw);
  typeFilter.addEventListener('change', draw);

  return {
    root: h('div', { class: 'rrset-table' }, filters, body),
    update(next) {
      rrsets = next;
      const types = [...new Set(next.map((r) => r.type))].sort();
      const chosen = typeFilter.value;
      replace(typeFilter, h('option', { value: '' }, 'All types'), types.map((t) => h('option', { value: t, selected: t === chosen }, t)));
      draw();
    },
  };
}
