// The migration checks of a zone: delegation at the parent, and parity with the old provider's answers.
import { ApiError, request } from './api.js';
import { readDelegation, readParity, readZone } from './api-types.js';
import type { Delegation, Parity, Zone } from './api-types.js';
import { h, replace } from './dom.js';
import { href } from './router.js';
import { copyButton, errorState, loadInto, pageTitle, statusBadge, time, withBusy } from './ui.js';

function nsList(names: string[], empty: string): HTMLElement {
  if (names.length === 0) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'ns-list' }, names.map((n) => h('li', {}, h('code', {}, n))));
}

/** Delegation outcomes where the parent answered; the others are failures to ask (timeouts, lame servers). */
const ANSWERED: readonly string[] = ['delegated', 'partly-delegated', 'not-delegated', 'nxdomain-at-parent'];

function delegationResult(result: Delegation): HTMLElement {
  const d = result.delegation;
  return h(
    'div',
    { class: 'check-result' },
    d.delegated
      ? h('p', { class: 'verdict ok' }, 'Delegated: the parent zone lists every one of our name servers.')
      : h('p', { class: 'verdict warn' }, ANSWERED.includes(d.outcome) ? `Not delegated yet: ${d.missing.length} of our name servers missing at the parent.` : 'The parent zone could not be asked; try again later.'),
    d.detail === '' ? null : h('p', { class: 'muted' }, d.detail),
    ANSWERED.includes(d.outcome)
      ? [h('h3', {}, 'Missing at the parent'), nsList(d.missing, 'None.'), h('h3', {}, 'What the parent lists now'), nsList(d.found, 'No NS records found for this zone at the parent.')]
      : null,
    d.ds === null ? null : h('p', { class: d.ds.matching ? 'verdict ok' : 'muted' }, dsVerdict(d.ds)),
    h('p', { class: 'muted small' }, 'Checked ', time(d.checkedAt), d.parent === null ? '' : ` at the ${d.parent === '.' ? 'root' : d.parent} servers`, '. Zone status: ', statusBadge(result.status)),
  );
}

/** What the parent's DS records mean for the zone's DNSSEC. */
function dsVerdict(ds: NonNullable<Delegation['delegation']['ds']>): string {
  if (ds.matching) return 'DNSSEC: the parent holds the DS of this zone’s key; validating resolvers treat the zone as secure.';
  if (ds.present) return `DNSSEC: the parent holds a DS that is not this zone’s (${ds.found.join(', ')}): replace it with the one on the zone page, or validating resolvers fail the zone.`;
  return 'DNSSEC: no DS at the parent yet; give your registrar the DS record shown on the zone page.';
}

function values(list: string[]): HTMLElement {
  return list.length === 0 ? h('span', { class: 'muted' }, 'nothing') : h('ul', { class: 'values' }, list.map((v) => h('li', { class: 'mono' }, v)));
}

/** Why the old zone may not be deleted yet, most fundamental reason first. */
function parityReason(p: Parity['parity']): string {
  if (p.outcome !== undefined && p.outcome !== 'compared') return 'the servers answering for the zone could not be asked.';
  if (p.mismatched > 0) return `${p.mismatched} of ${p.checked} record sets differ.`;
  if (p.truncated) return 'only part of the zone was compared.';
  return 'the zone is not delegated to us yet.';
}

function parityResult(result: Parity): HTMLElement {
  const p = result.parity;
  const servers = p.servers ?? [];
  const mismatches = p.mismatches ?? [];
  const verdict = result.safeToDelete
    ? h('p', { class: 'verdict ok' }, 'Safe to delete the old zone: we are delegated and every record matches.')
    : h('p', { class: 'verdict warn' }, 'Not safe to delete the old zone yet: ', parityReason(p));
  return h(
    'div',
    { class: 'check-result' },
    verdict,
    p.detail === undefined || p.detail === '' ? null : h('p', { class: 'muted' }, p.detail),
    p.outcome !== undefined && p.outcome !== 'compared'
      ? null
      : h('p', {}, `${p.checked} record sets compared`, servers.length === 0 ? '' : ` against ${servers.join(', ')}`, p.truncated ? ' (not all of them: the zone is larger than one check).' : '.'),
    mismatches.length === 0
      ? null
      : h(
          'table',
          { class: 'data mismatches' },
          h('caption', {}, 'Record sets that differ'),
          h('thead', {}, h('tr', {}, ['Name', 'Type', 'Old provider', 'DNSCove'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            mismatches.map((m) =>
              h(
                'tr',
                {},
                h('td', { 'data-label': 'Name', class: 'mono' }, m.name),
                h('td', { 'data-label': 'Type' }, m.type),
                h('td', { 'data-label': 'Old provider' }, m.error === undefined ? values(m.theirs) : h('span', { class: 'error-text' }, m.error), m.ttlTheirs === null ? null : h('span', { class: 'muted small' }, ` TTL ${m.ttlTheirs}`)),
                h('td', { 'data-label': 'DNSCove' }, values(m.ours), m.ttlOurs === null ? null : h('span', { class: 'muted small' }, ` TTL ${m.ttlOurs}`)),
              ),
            ),
          ),
        ),
    h('p', { class: 'muted small' }, 'Checked ', time(p.checkedAt), '.'),
  );
}

/** A check's card: what it does, a button to run it, and the latest result. */
function checkCard(title: string, about: string, run: () => Promise<HTMLElement>, initial: HTMLElement | null): HTMLElement {
  const result = h('div', { class: 'region small-region', 'aria-live': 'polite' }, initial ?? h('p', { class: 'muted' }, 'Not run yet.'));
  const button = h('button', { type: 'button', class: 'primary' }, `Run ${title.toLowerCase()}`);
  button.addEventListener('click', () => {
    withBusy(button, 'Checking…', run).then(
      (node) => replace(result, node),
      (err: unknown) => replace(result, errorState(err)),
    );
  });
  return h('section', { class: 'card check' }, h('h2', {}, title), h('p', {}, about), button, result);
}

async function lastParity(zoneId: string): Promise<Parity | undefined> {
  try {
    return readParity(await request('GET', `/api/zones/${encodeURIComponent(zoneId)}/parity`));
  } catch (err) {
    // 404 here means no parity check has run yet.
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

function checksView(zone: Zone, parity: Parity | undefined): HTMLElement {
  const base = `/api/zones/${encodeURIComponent(zone.id)}`;
  return h(
    'div',
    { class: 'checks' },
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Name servers to set at your registrar'),
      nsList(zone.ns, 'No name servers are configured for this installation (DNSCOVE_NS).'),
      zone.ns.length === 0 ? null : copyButton(zone.ns.join('\n'), 'Copy name servers'),
    ),
    checkCard(
      'Delegation check',
      'Asks the parent zone which name servers it lists for this zone, and compares them with ours.',
      async () => delegationResult(readDelegation(await request('POST', `${base}/delegation`))),
      null,
    ),
    checkCard(
      'Parity check',
      'Asks the servers answering for this zone now (your old provider, before the move) for every record set, and compares their answers with ours.',
      async () => parityResult(readParity(await request('POST', `${base}/parity`))),
      parity === undefined ? null : parityResult(parity),
    ),
  );
}

/** The checks page of one zone. */
export function renderChecks(main: HTMLElement, zoneId: string): void {
  const region = h('div', { class: 'region' });
  const title = pageTitle('Delegation and parity', h('a', { href: href({ page: 'zone', zoneId }) }, '← Back to the zone'));
  replace(main, h('section', {}, title, region));
  loadInto(
    region,
    async () => {
      const zone = readZone(await request('GET', `/api/zones/${encodeURIComponent(zoneId)}`));
      return { zone, parity: await lastParity(zoneId) };
    },
    ({ zone, parity }) => {
      const h1 = title.querySelector('h1');
      if (h1 !== null) replace(h1, `Delegation and parity: ${zone.origin}`);
      return checksView(zone, parity);
    },
  );
}
