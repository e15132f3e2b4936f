// A zone's page: status, name servers to set, publishing, its RRsets and the editor for them.
import { request, send } from './api.js';
import { readChangedRRset, readRecords, readZone } from './api-types.js';
import type { RRset, Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { publishPanel } from './publish-panel.js';
import { secondariesPanel } from './secondaries-panel.js';
import { dnssecPanel } from './dnssec-panel.js';
import { recordEditor } from './record-editor.js';
import type { RRsetChange } from './record-editor.js';
import { relativeName } from './owner-names.js';
import { href } from './router.js';
import { isManaged, rrsetTable } from './rrset-table.js';
import { confirmAction, copyButton, errorState, loadInto, pageTitle, statusBadge, withBusy } from './ui.js';

/** How often, and how many times, to look again while an auto-publish is under way. */
const POLL_MS = 500;
const MAX_POLLS = 20;
/** How often the page asks which nameservers serve the zone, while it is shown. */
const SERVING_POLL_MS = 3000;

/** Downloads the zone file through the API (it needs the Bearer header, so a plain link cannot). */
async function downloadZoneFile(zone: Zone): Promise<void> {
  const res = await send('GET', `/api/zones/${encodeURIComponent(zone.id)}/export`);
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: `${zone.origin}.zone` });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the blob; release it once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function overview(zone: Zone, notice: HTMLElement): HTMLElement {
  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Export zone file');
  exportButton.addEventListener('click', () => {
    withBusy(exportButton, 'Exporting…', () => downloadZoneFile(zone)).catch((err: unknown) => replace(notice, errorState(err)));
  });
  return h(
    'div',
    { class: 'overview' },
    h(
      'section',
      { class: 'card ns' },
      h('h2', {}, 'Name servers'),
      // Names under .invalid (RFC 6761) are the placeholders of an operator who has not set DNSCOVE_NS.
      zone.withheld === 'not delegated in time'
        ? h('p', { class: 'warning', role: 'note' }, 'Not served: the zone was not delegated to these name servers within the allowed time. Set them at your registrar, then run the delegation check; the zone is served again once it finds them.')
        : null,
      zone.ns.some((n) => n.endsWith('.invalid'))
        ? h('p', { class: 'warning', role: 'note' }, 'These are placeholder names: the operator has not set DNSCOVE_NS yet, so no registrar can delegate to them. ', statusBadge(zone.status))
        : h('p', {}, 'Set these at your registrar to move the zone here. ', statusBadge(zone.status)),
      zone.ns.length === 0 ? h('p', { class: 'muted' }, 'None configured (DNSCOVE_NS).') : h('ul', { class: 'ns-list' }, zone.ns.map((n) => h('li', {}, h('code', {}, n)))),
      h(
        'div',
        { class: 'actions' },
        zone.ns.length === 0 ? null : copyButton(zone.ns.join('\n'), 'Copy name servers'),
        h('a', { class: 'button secondary', href: href({ page: 'checks', zoneId: zone.id }) }, 'Delegation and parity'),
        h('a', { class: 'button secondary', href: href({ page: 'tokens', zoneId: zone.id }) }, 'Tokens'),
        exportButton,
      ),
    ),
  );
}

/** The page of zone `zoneId`. */
export function renderZone(main: HTMLElement, zoneId: string): void {
  const base = `/api/zones/${encodeURIComponent(zoneId)}`;
  const region = h('div', { class: 'region' });
  const title = pageTitle('Zone', h('a', { href: href({ page: 'zones' }) }, '← All zones'));
  replace(main, h('section', {}, title, region));

  const load = async (): Promise<{ zone: Zone; records: RRset[] }> => {
    const [zone, records] = await Promise.all([request('GET', base), request('GET', `${base}/records`)]);
    return { zone: readZone(zone), records: readRecords(records) };
  };

  loadInto(region, load, ({ zone, records }) => {
    const h1 = title.querySelector('h1');
    if (h1 !== null) replace(h1, zone.origin, zone.originUnicode === zone.origin ? null : h('span', { class: 'muted small' }, ` (${zone.originUnicode})`));
    const notice = h('div');
    const tableNotice = h('div');
    let polls = 0;
    const refresh = (): void => {
      polls = 0;
      reload();
    };
    const reload = (): void => {
      load().then(
        (next) => {
          replace(tableNotice);
          panel.update(next.zone);
          table.update(next.records);
          // With auto-publish on, the control plane publishes within about a second of a change:
          // look again until the publish state has caught up, while this page is still shown.
          const behind = next.zone.autoPublish && next.zone.serial > next.zone.publishedSerial;
          if (behind && polls < MAX_POLLS && tableNotice.isConnected) {
            polls += 1;
            setTimeout(reload, POLL_MS);
          }
        },
        (err: unknown) => replace(tableNotice, errorState(err, refresh)),
      );
    };
    const save = async (change: RRsetChange): Promise<RRset> => {
      const stored = readChangedRRset(await request('POST', `${base}/records`, { action: 'UPSERT', ...change }));
      refresh();
      return stored;
    };
    const editor = recordEditor(zone.origin, save);
    const panel = publishPanel(refresh);
    const table = rrsetTable(zone.origin, {
      edit(rrset) {
        editor.open(rrset);
        editor.root.scrollIntoView({ block: 'start' });
        editor.root.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
      },
      remove(rrset, button) {
        if (isManaged(rrset, zone.origin)) return;
        const label = `${relativeName(rrset.name, zone.origin)} ${rrset.type}`;
        void confirmAction(`Delete ${label}?`, h('p', {}, `All ${rrset.records.length} value(s) of this record set are deleted.`), 'Delete').then((yes) => {
          if (!yes) return;
          withBusy(button, 'Deleting…', () => request('POST', `${base}/records`, { action: 'DELETE', name: rrset.name, type: rrset.type })).then(refresh, (err: unknown) =>
            replace(tableNotice, errorState(err)),
          );
        });
      },
    });
    panel.update(zone);
    table.update(records);
    const secondaries = secondariesPanel(base);
    void secondaries.refresh();
    // Nameservers catch up (or drop out) without anything happening on this page: keep the count live.
    const watchServing = (): void => {
      setTimeout(() => {
        if (!tableNotice.isConnected) return;
        Promise.all([
          request('GET', base).then(
            (z) => panel.serving(readZone(z)),
            () => undefined,
          ),
          secondaries.refresh(),
        ]).finally(watchServing);
      }, SERVING_POLL_MS);
    };
    watchServing();
    return h(
      'div',
      { class: 'zone' },
      notice,
      overview(zone, notice),
      panel.root,
      secondaries.root,
      dnssecPanel(base),
      h('section', { class: 'records', 'aria-labelledby': 'records-title' }, h('h2', { id: 'records-title' }, 'Records'), tableNotice, table.root),
      editor.root,
    );
  });
}
