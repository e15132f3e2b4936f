// The import page: paste Route 53 JSON or a zone file, then see what was imported, skipped and why.
import { ApiError, request } from './api.js';
import { readImportResult } from './api-types.js';
import type { ImportNote, ImportResult } from './api-types.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { href } from './router.js';
import { showImportProgress } from './import-progress.js';
import { copyButton, pageTitle, statusBadge, withBusy } from './ui.js';

type Source = 'route53' | 'zonefile';

const SOURCES: readonly { source: Source; label: string; hint: string; placeholder: string }[] = [
  {
    source: 'route53',
    label: 'Route 53 JSON',
    hint: 'The output of: aws route53 list-resource-record-sets --hosted-zone-id ZONEID',
    placeholder: '{"ResourceRecordSets": [ … ]}',
  },
  {
    source: 'zonefile',
    label: 'Zone file',
    hint: 'An RFC 1035 master file, as BIND, NSD or most providers export it.',
    placeholder: '$ORIGIN example.com.\n@ 300 IN A 192.0.2.1',
  },
];

function notesTable(caption: string, notes: ImportNote[], className: string): HTMLElement {
  return h(
    'table',
    { class: `data ${className}` },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Why'))),
    h(
      'tbody',
      {},
      notes.map((n) => h('tr', {}, h('td', { 'data-label': 'Name', class: 'mono' }, n.name), h('td', { 'data-label': 'Type' }, n.type), h('td', { 'data-label': 'Why' }, n.reason))),
    ),
  );
}

/** The outcome of an import: counts, what was skipped and why, the name servers, the way on. */
function resultPanel(result: ImportResult): HTMLElement {
  const zone = result.zone;
  return h(
    'section',
    { class: 'card import-result', 'aria-labelledby': 'import-result-title' },
    h('h2', { id: 'import-result-title', tabindex: '-1' }, `Imported ${zone.origin}`),
    h(
      'p',
      {},
      h('strong', {}, String(result.imported)),
      result.imported === 1 ? ' record set imported, ' : ' record sets imported, ',
      h('strong', {}, String(result.skipped.length)),
      ' skipped. ',
      statusBadge(zone.status),
    ),
    result.published
      ? h('p', { class: 'ok-text' }, 'Published: our name servers answer for it now.')
      : h('p', { class: 'state error', role: 'alert' }, 'Not published yet: ', result.publishError ?? 'unknown error', '. Publish it from the zone page.'),
    result.skipped.length === 0
      ? h('p', { class: 'muted' }, 'Nothing was skipped.')
      : notesTable('Skipped — plain DNS cannot express these; recreate them another way', result.skipped, 'skipped'),
    result.notes.length === 0 ? null : notesTable('Changed on the way in', result.notes, 'notes'),
    h('h3', {}, 'Set these name servers at your registrar'),
    h('ul', { class: 'ns-list' }, result.ns.map((ns) => h('li', {}, h('code', {}, ns)))),
    result.ns.length === 0 ? null : copyButton(result.ns.join('\n'), 'Copy name servers'),
    h('p', { class: 'actions' }, h('a', { class: 'button primary', href: href({ page: 'zone', zoneId: zone.id }) }, `Open ${zone.origin}`)),
  );
}

/** The import page. */
export function renderImport(main: HTMLElement): void {
  const result = h('div');
  const radios = SOURCES.map((s, i) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'source', value: s.source, checked: i === 0 }), ' ', s.label));
  const text = h('textarea', { name: 'text', rows: 12, spellcheck: 'false', class: 'mono', placeholder: SOURCES[0]!.placeholder });
  const input = field('Paste it here', text, SOURCES[0]!.hint);
  // A file of a million records is tens of megabytes: it is sent as read, not shown in the box.
  let chosen: { name: string; text: string } | undefined;
  const file = h('input', { type: 'file', name: 'file', accept: '.zone,.txt,.json,text/plain,application/json' });
  const fileField = field('Or choose a file', file);
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (picked === undefined) return;
    void picked.text().then((content) => {
      chosen = { name: picked.name, text: content };
      text.value = '';
      text.placeholder = `${picked.name} (${(picked.size / 1e6).toFixed(1)} MB) will be imported.`;
    });
  });
  text.addEventListener('input', () => {
    chosen = undefined;
    file.value = '';
  });
  const origin = field(
    'Zone name (optional)',
    h('input', { type: 'text', name: 'origin', placeholder: 'example.com', autocomplete: 'off', spellcheck: 'false' }),
    'Only needed when the input has no SOA record or $ORIGIN.',
  );
  const replaceBox = h('input', { type: 'checkbox', name: 'replace', id: 'import-replace' });
  const problem = formError();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Import');
  const progress = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card import', novalidate: true },
    h('fieldset', { class: 'field' }, h('legend', {}, 'What are you importing?'), h('div', { class: 'choices' }, radios)),
    input.root,
    fileField.root,
    origin.root,
    h('div', { class: 'field' }, h('label', { class: 'choice', for: 'import-replace' }, replaceBox, ' Replace the records of a zone I already have here')),
    problem.root,
    submit,
    progress,
  );
  const source = (): Source => (form.querySelector<HTMLInputElement>('input[name="source"]:checked')?.value === 'zonefile' ? 'zonefile' : 'route53');
  form.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.name !== 'source') return;
    const spec = SOURCES.find((s) => s.source === source()) ?? SOURCES[0]!;
    text.placeholder = spec.placeholder;
    const hint = input.root.querySelector('.hint');
    if (hint !== null) replace(hint, spec.hint);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    input.setError(undefined);
    origin.setError(undefined);
    problem.set(undefined);
    const pasted = chosen?.text ?? text.value;
    if (pasted.trim() === '') {
      input.setError('Paste the records to import.');
      text.focus();
      return;
    }
    const kind = source();
    const body: Record<string, unknown> = kind === 'route53' ? { json: pasted } : { zonefile: pasted };
    const originText = origin.control.value.trim();
    if (originText !== '') body['origin'] = originText;
    if (replaceBox.checked) body['replace'] = true;
    replace(result);
    const stopProgress = showImportProgress(progress, kind);
    withBusy(submit, 'Importing…', () => request('POST', `/api/import/${kind}`, body).finally(stopProgress)).then(
      (answer) => {
        replace(result, resultPanel(readImportResult(answer)));
        result.querySelector<HTMLElement>('h2')?.focus();
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof ApiError && err.field === 'origin') origin.setError(message);
        else input.setError(message);
      },
    );
  });
  replace(
    main,
    h(
      'section',
      {},
      pageTitle('Import a zone'),
      h('p', { class: 'lead' }, 'Bring a zone over from Route 53 or any provider that exports zone files. Apex SOA and NS become ours.'),
      form,
      result,
    ),
  );
}
