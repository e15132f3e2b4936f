// The zone page's DNSSEC: the zone is signed, and what to give the registrar (the DS, or the
// DNSKEY for registries that take keys), each with a copy button.
import { request } from './api.js';
import { readZoneDnssec } from './api-types.js';
import type { ZoneDnssec } from './api-types.js';
import { h, replace } from './dom.js';
import { copyButton, errorState, time, withBusy } from './ui.js';

function field(label: string, value: string): HTMLElement {
  return h('div', { class: 'field' }, h('dt', {}, label), h('dd', {}, h('span', { class: 'mono' }, value), copyButton(value, `Copy ${label.toLowerCase()}`)));
}

/** Where a key rollover stands, or a button to start one. */
function rollover(d: ZoneDnssec, base: string, body: HTMLElement): HTMLElement {
  const r = d.rollover;
  if (r !== null) {
    return h(
      'div',
      { class: 'rollover' },
      h('p', {}, h('span', { class: 'badge' }, `Key rollover: ${r.phase}`), ` to ${r.algorithmName}, key tag ${r.keyTag}. Waiting for ${r.waitingFor}.`),
      r.nextStepAt === null ? h('p', { class: 'muted small' }, 'The parent zone is checked every hour.') : h('p', { class: 'muted small' }, 'Next step ', time(r.nextStepAt), '.'),
    );
  }
  const button = h('button', { type: 'button', class: 'secondary' }, 'Roll over the key');
  button.addEventListener('click', () => {
    withBusy(button, 'Starting…', () => request('POST', `${base}/dnssec/rollover`, {})).then(
      (value) => replace(body, details(readZoneDnssec(value), base, body)),
      (err: unknown) => replace(body, errorState(err)),
    );
  });
  return h('div', { class: 'rollover' }, button, h('p', { class: 'muted small' }, 'A new key signs beside this one; once the DNSKEY TTL has passed, give the registrar its DS and remove the old one. The old key goes once the parent holds only the new DS.'));
}

function details(d: ZoneDnssec, base: string, body: HTMLElement): HTMLElement {
  if (!d.enabled) return h('p', { class: 'muted' }, 'This zone is published unsigned.');
  const [ds] = d.ds;
  return h(
    'div',
    {},
    h('p', {}, h('span', { class: 'badge ok' }, 'Signed'), ` ${d.algorithmName}, key tag ${d.keyTag}, ${d.denial}. Give your registrar the DS record below; until it is in the parent zone, resolvers treat the zone as unsigned.`),
    ds === undefined
      ? null
      : h('dl', { class: 'dnssec-ds' }, field('Key tag', String(ds.keyTag)), field('Algorithm', String(ds.algorithm)), field('Digest type', String(ds.digestType)), field('Digest', ds.digest), field('DS record', ds.record)),
    h('details', {}, h('summary', {}, 'DNSKEY, for registries that take the key'), h('pre', { class: 'mono' }, d.dnskey.join('\n')), copyButton(d.dnskey.join('\n'), 'Copy DNSKEY')),
    rollover(d, base, body),
  );
}

/** The panel, filled once the API answers. */
export function dnssecPanel(base: string): HTMLElement {
  const body = h('div', { 'aria-live': 'polite' });
  void request('GET', `${base}/dnssec`).then(
    (value) => replace(body, details(readZoneDnssec(value), base, body)),
    (err: unknown) => replace(body, errorState(err)),
  );
  return h('section', { class: 'dnssec', 'aria-labelledby': 'dnssec-title' }, h('h2', { id: 'dnssec-title' }, 'DNSSEC'), body);
}
