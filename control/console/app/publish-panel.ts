// The publish panel of a zone: its publish state, the auto-publish switch, and publish after reviewing the diff.
import { request } from './api.js';
import type { PendingChange, RRsetState, Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { pendingChanges } from './pending-changes.js';
import { relativeName } from './owner-names.js';
import { errorState, loadingState, longText, publishState, withBusy } from './ui.js';

function stateCell(state: RRsetState | null): HTMLElement {
  if (state === null) return h('span', { class: 'muted' }, 'absent');
  return h('div', {}, h('span', { class: 'muted small' }, `TTL ${state.ttl}`), h('ul', { class: 'values' }, state.records.map((r) => h('li', { class: 'mono' }, longText(r)))));
}

function changeKind(c: PendingChange): string {
  if (c.published === null) return 'Added';
  if (c.current === null) return 'Deleted';
  return 'Changed';
}

/** The diff between the published zone and the committed one. */
function diffTable(origin: string, changes: PendingChange[]): HTMLElement {
  return h(
    'table',
    { class: 'data diff' },
    h('caption', {}, 'What publishing changes'),
    h('thead', {}, h('tr', {}, ['Change', 'Name', 'Type', 'Published now', 'After publishing'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      changes.map((c) =>
        h(
          'tr',
          { class: `diff-${changeKind(c).toLowerCase()}` },
          h('td', { 'data-label': 'Change' }, h('span', { class: 'badge' }, changeKind(c))),
          h('th', { scope: 'row', 'data-label': 'Name', class: 'mono' }, relativeName(c.name, origin)),
          h('td', { 'data-label': 'Type' }, c.type),
          h('td', { 'data-label': 'Published now', class: 'old' }, stateCell(c.published)),
          h('td', { 'data-label': 'After publishing', class: 'new' }, stateCell(c.current)),
        ),
      ),
    ),
  );
}

export interface PublishPanel {
  readonly root: HTMLElement;
  /** Redraws for the zone as just loaded (serials, auto-publish), closing an open review. */
  update(zone: Zone): void;
  /** Redraws only which nameservers serve the last publish (the page polls for it). */
  serving(zone: Zone): void;
}

/**
 * The panel. Publishing is two steps on purpose: "Review and publish" shows the diff, and only
 * "Publish now" under it sends POST /publish. `changed` is called after anything that changes
 * the zone (publish, auto-publish switch), so the page reloads it.
 */
export function publishPanel(changed: () => void): PublishPanel {
  const state = h('div', { class: 'publish-state', 'aria-live': 'polite' });
  const auto = h('input', { type: 'checkbox', id: 'auto-publish' });
  const autoError = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const review = h('div', { class: 'review region small-region' });
  const reviewButton = h('button', { type: 'button', class: 'primary' }, 'Review and publish');
  let zone: Zone | undefined;

  auto.addEventListener('change', () => {
    if (zone === undefined) return;
    const id = zone.id;
    replace(autoError, '');
    auto.disabled = true;
    request('PATCH', `/api/zones/${encodeURIComponent(id)}`, { auto_publish: auto.checked }).then(
      () => {
        auto.disabled = false;
        changed();
      },
      (err: unknown) => {
        auto.disabled = false;
        auto.checked = !auto.checked;
        replace(autoError, err instanceof Error ? err.message : String(err));
      },
    );
  });

  const publish = (button: HTMLButtonElement, z: Zone): void => {
    withBusy(button, 'Publishing…', () => request('POST', `/api/zones/${encodeURIComponent(z.id)}/publish`)).then(
      () => {
        replace(review, h('p', { class: 'ok-text', role: 'status' }, 'Published. The name servers answer with the new records now.'));
        changed();
      },
      (err: unknown) => replace(review, errorState(err)),
    );
  };

  reviewButton.addEventListener('click', () => {
    const z = zone;
    if (z === undefined) return;
    replace(review, loadingState('Working out what changes…'));
    pendingChanges(z).then(
      (changes) => {
        const now = h('button', { type: 'button', class: 'primary', id: 'publish-now' }, 'Publish now');
        now.addEventListener('click', () => publish(now, z));
        const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => replace(review) }, 'Not now');
        const body = changes.length === 0 ? h('p', {}, 'No record differs from what is published (only the serial moves on).') : diffTable(z.origin, changes);
        replace(review, h('div', { class: 'card review-card' }, body, h('div', { class: 'actions' }, now, cancel)));
        now.focus();
      },
      (err: unknown) => replace(review, errorState(err)),
    );
  });

  const root = h(
    'section',
    { class: 'card publish', 'aria-labelledby': 'publish-title' },
    h('h2', { id: 'publish-title' }, 'Publishing'),
    state,
    h('div', { class: 'field' }, h('label', { class: 'choice', for: 'auto-publish' }, auto, ' Publish every change automatically'), autoError),
    review,
  );

  const badge = h('span');
  const served = h('div', { 'aria-live': 'polite' });
  const serving = (next: Zone): void => {
    if (next.serial <= next.publishedSerial) replace(badge, publishedBadge(next.edges));
    replace(served, servedBy(next.edges));
  };

  return {
    root,
    serving,
    update(next) {
      zone = next;
      auto.checked = next.autoPublish;
      const pending = next.serial > next.publishedSerial;
      replace(badge, publishState(next.serial, next.publishedSerial));
      serving(next);
      replace(
        state,
        h('p', {}, 'Serial ', h('span', { class: 'mono' }, String(next.serial)), ', published ', h('span', { class: 'mono' }, String(next.publishedSerial)), ' ', badge),
        served,
        pending ? reviewButton : null,
      );
      if (!pending && review.querySelector('#publish-now') !== null) replace(review);
      // The count the review will list: RRsets, not serials (two edits of one RRset are one change).
      if (pending) {
        pendingChanges(next).then(
          (changes) => {
            if (zone === next) replace(badge, publishState(next.serial, next.publishedSerial, changes.length));
          },
          () => undefined,
        );
      }
    },
  };
}

/** "Published" in green only once every nameserver serves it; until then, say so in amber. */
function publishedBadge(edges: Zone['edges']): HTMLElement {
  if (edges.inSync === edges.total) return h('span', { class: 'badge ok' }, 'Published');
  return h('span', { class: 'badge warn' }, 'Published, not served everywhere yet');
}

/** "Served by 2 of 3 nameservers; ns3 has not caught up": every nameserver, the embedded edge included (nothing when there is none). */
function servedBy(edges: Zone['edges']): HTMLElement | null {
  if (edges.total === 0) return null;
  const count = `Served by ${edges.inSync} of ${edges.total} nameserver${edges.total === 1 ? '' : 's'}`;
  if (edges.lagging.length === 0) return h('p', { class: 'ok-text served-by' }, count);
  const names = edges.lagging.join(', ');
  return h('p', { class: 'served-by' }, `${count}; ${names} ${edges.lagging.length === 1 ? 'has' : 'have'} not caught up or ${edges.lagging.length === 1 ? 'is' : 'are'} not connected`);
}
