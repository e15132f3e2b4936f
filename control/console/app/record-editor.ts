// The RRset editor: name, type, TTL and values, as per-type fields or presentation text, with the API's errors next to each field.
import { ApiError } from './api.js';
import type { RRset } from './api-types.js';
import { h, replace } from './dom.js';
import { field, formError } from './form.js';
import { RECORD_TYPES, typeSpec } from './record-types.js';
import type { TypeSpec } from './record-types.js';
import { absoluteName, relativeName } from './owner-names.js';
import { withBusy } from './ui.js';

/** What the editor submits: one UPSERT of a whole RRset. */
export interface RRsetChange {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

export interface RecordEditor {
  readonly root: HTMLElement;
  /** Loads `rrset` for editing (its name and type fixed), or clears the form for a new one. */
  open(rrset: RRset | undefined): void;
}

/** One value's inputs (one per part of the type) and its error line. */
interface ValueRow {
  readonly root: HTMLElement;
  parts(): string[];
  setError(message: string | undefined): void;
  focus(): void;
}

let rowCounter = 0;

function valueRow(spec: TypeSpec, initial: readonly string[], onRemove: (row: ValueRow) => void): ValueRow {
  rowCounter += 1;
  const errorId = `value-${rowCounter}-error`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' });
  const inputs = spec.parts.map((p, i) =>
    h('input', {
      type: 'text',
      id: `value-${rowCounter}-${i}`,
      class: p.numeric ? 'part numeric' : 'part',
      inputmode: p.numeric ? 'numeric' : null,
      placeholder: p.placeholder,
      value: initial[i] ?? '',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': errorId,
    }),
  );
  const parts = spec.parts.map((p, i) => h('div', { class: 'part-field' }, h('label', { for: inputs[i]!.id }, p.label), inputs[i]!));
  const row: ValueRow = {
    root: h('div', { class: 'value-row' }),
    parts: () => inputs.map((i) => i.value),
    setError(message) {
      replace(error, message ?? '');
      for (const input of inputs) {
        if (message === undefined) input.removeAttribute('aria-invalid');
        else input.setAttribute('aria-invalid', 'true');
      }
    },
    focus: () => inputs[0]?.focus(),
  };
  const remove = h('button', { type: 'button', class: 'secondary small remove', 'aria-label': 'Remove this value', onclick: () => onRemove(row) }, 'Remove');
  replace(row.root, h('div', { class: 'parts' }, parts, remove), error);
  return row;
}

/** The index of the value an API field such as "records[2]" or "/records/2" names, if any. */
function valueIndex(fieldName: string): number | undefined {
  const m = /^\/?records(?:\[(\d+)\]|\/(\d+))/.exec(fieldName);
  if (m === null) return undefined;
  return Number(m[1] ?? m[2]);
}

/**
 * The editor form. `save` sends the change and resolves with the RRset as the API stored it,
 * which the form then shows (so a value the API canonicalised is seen as it will be served); an
 * ApiError naming a field (name, type, ttl, records[i]) is shown under that field.
 */
export function recordEditor(origin: string, save: (change: RRsetChange) => Promise<RRset>): RecordEditor {
  const title = h('h2', { tabindex: '-1', id: 'editor-title' }, 'Add a record');
  const name = field('Name', h('input', { type: 'text', name: 'name', autocomplete: 'off', spellcheck: 'false', placeholder: 'www' }), `"@" for ${origin} itself, "www" for www.${origin}.`);
  // The API reads every name as absolute: say which name a relative one becomes before it is saved.
  const writes = h('p', { class: 'hint writes-name', 'aria-live': 'polite' });
  const showWrites = (): void => {
    const typed = name.control.value.trim();
    replace(writes, typed === '' ? '' : `Writes ${absoluteName(typed, origin)}`);
  };
  name.control.addEventListener('input', showWrites);
  name.root.append(writes);
  const typeSelect = h('select', { name: 'type' }, RECORD_TYPES.map((t) => h('option', { value: t }, t)));
  const type = field('Type', typeSelect);
  const ttl = field('TTL (seconds)', h('input', { type: 'number', name: 'ttl', min: 0, value: 300, inputmode: 'numeric' }));
  const asText = h('input', { type: 'checkbox', id: 'edit-as-text' });
  const textArea = h('textarea', { name: 'values', rows: 4, spellcheck: 'false', class: 'mono' });
  const text = field('Values, one per line (presentation format)', textArea);
  const valuesBox = h('div', { class: 'values-box' });
  const valuesError = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const problem = formError();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save record');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Clear');
  let rows: ValueRow[] = [];
  let editing: RRset | undefined;

  const spec = (): TypeSpec | undefined => (asText.checked ? undefined : typeSpec(typeSelect.value));

  const addRow = (initial: readonly string[] = []): ValueRow | undefined => {
    const s = typeSpec(typeSelect.value);
    if (s === undefined) return undefined;
    const row = valueRow(s, initial, (r) => {
      rows = rows.filter((x) => x !== r);
      r.root.remove();
      if (rows.length === 0) addRow();
      rows[0]?.focus();
    });
    rows.push(row);
    valuesBox.querySelector('.rows')?.append(row.root);
    return row;
  };

  /** Redraws the values area for the current type and mode, keeping `values` (presentation text). */
  const drawValues = (values: readonly string[]): void => {
    const s = spec();
    rows = [];
    if (s === undefined) {
      textArea.value = values.join('\n');
      replace(valuesBox, text.root);
      return;
    }
    const addAnother = h('button', { type: 'button', class: 'secondary small', onclick: () => addRow()?.focus() }, 'Add another value');
    replace(valuesBox, h('fieldset', { class: 'field values' }, h('legend', {}, 'Values'), h('div', { class: 'rows' }), valuesError, addAnother));
    if (values.length === 0) addRow();
    for (const v of values) addRow(s.split(v) ?? []);
  };

  /** The values in the fields (blank rows left out), composed to presentation text. */
  const rowValues = (): string[] => {
    const s = typeSpec(typeSelect.value);
    return s === undefined ? [] : rows.map((r) => r.parts()).filter((p) => p.some((x) => x.trim() !== '')).map((p) => s.compose(p));
  };
  const textValues = (): string[] => textArea.value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const currentValues = (): string[] => (spec() === undefined ? textValues() : rowValues());

  // Says what was just saved, until the next save or edit.
  const saved = h('p', { class: 'ok-text saved-note', role: 'status', 'aria-live': 'polite' });
  const clearErrors = (): void => {
    replace(saved, '');
    for (const f of [name, type, ttl, text]) f.setError(undefined);
    for (const r of rows) r.setError(undefined);
    replace(valuesError, '');
    problem.set(undefined);
  };

  const syncMode = (): void => {
    const canFields = typeSpec(typeSelect.value) !== undefined;
    asText.disabled = !canFields;
    if (!canFields) asText.checked = true;
  };

  // Another type's values mean nothing for the new one: start empty.
  typeSelect.addEventListener('change', () => {
    asText.checked = false;
    syncMode();
    drawValues([]);
  });
  asText.addEventListener('change', () => {
    const values = asText.checked ? rowValues() : textValues();
    // Leaving text mode only works when the fields can show every value.
    const s = typeSpec(typeSelect.value);
    if (!asText.checked && s !== undefined && values.some((v) => s.split(v) === undefined)) {
      asText.checked = true;
      replace(valuesError, '');
      text.setError('Some values do not fit the fields; edit them as text.');
      return;
    }
    drawValues(values);
  });

  const open = (rrset: RRset | undefined): void => {
    editing = rrset;
    clearErrors();
    replace(title, rrset === undefined ? 'Add a record' : `Edit ${relativeName(rrset.name, origin)} ${rrset.type}`);
    name.control.value = rrset === undefined ? '' : relativeName(rrset.name, origin);
    showWrites();
    (name.control as HTMLInputElement).readOnly = rrset !== undefined;
    // Types the menu does not offer (e.g. one added through the API) still open, as text.
    if (rrset !== undefined && ![...typeSelect.options].some((o) => o.value === rrset.type)) typeSelect.append(h('option', { value: rrset.type }, rrset.type));
    typeSelect.value = rrset?.type ?? 'A';
    typeSelect.disabled = rrset !== undefined;
    ttl.control.value = String(rrset?.ttl ?? 300);
    const s = typeSpec(typeSelect.value);
    asText.checked = s === undefined || (rrset !== undefined && rrset.records.some((v) => s.split(v) === undefined));
    syncMode();
    drawValues(rrset?.records ?? []);
    replace(cancel, rrset === undefined ? 'Clear' : 'Cancel');
  };
  cancel.addEventListener('click', () => open(undefined));

  /** Puts an API error under the field it names; anything else goes to the form's error line. */
  const showError = (err: unknown): void => {
    const message = err instanceof Error ? err.message : String(err);
    const f = err instanceof ApiError ? (err.field ?? '').replace(/^\//, '') : '';
    const index = valueIndex(f);
    if (index !== undefined) {
      const row = rows[index];
      if (spec() === undefined || row === undefined) {
        text.setError(`Value ${index + 1}: ${message}`);
        textArea.focus();
      } else {
        row.setError(message);
        row.focus();
      }
    } else if (f === 'records') {
      replace(valuesError, message);
    } else if (f === 'name') {
      name.setError(message);
      name.control.focus();
    } else if (f === 'ttl') {
      ttl.setError(message);
      ttl.control.focus();
    } else if (f === 'type') {
      type.setError(message);
    } else {
      problem.set(message);
    }
  };

  const form = h(
    'form',
    { class: 'card editor', novalidate: true, 'aria-labelledby': 'editor-title' },
    title,
    h('div', { class: 'editor-grid' }, name.root, type.root, ttl.root),
    h('div', { class: 'field' }, h('label', { class: 'choice', for: 'edit-as-text' }, asText, ' Edit the values as text')),
    valuesBox,
    problem.root,
    h('div', { class: 'actions' }, submit, cancel, saved),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    const owner = name.control.value.trim();
    if (owner === '') {
      name.setError('Enter a name: "@" for the zone itself.');
      name.control.focus();
      return;
    }
    const seconds = Number(ttl.control.value);
    if (ttl.control.value.trim() === '' || !Number.isInteger(seconds) || seconds < 0) {
      ttl.setError('Enter a whole number of seconds, such as 300.');
      ttl.control.focus();
      return;
    }
    const records = currentValues();
    if (records.length === 0) {
      if (spec() === undefined) text.setError('Enter at least one value.');
      else replace(valuesError, 'Enter at least one value.');
      return;
    }
    const change: RRsetChange = { name: editing === undefined ? absoluteName(owner, origin) : editing.name, type: typeSelect.value, ttl: seconds, records };
    withBusy(submit, 'Saving…', () => save(change)).then((stored) => {
      open(undefined);
      replace(saved, `Saved ${stored.name} ${stored.type} (TTL ${stored.ttl}): ${stored.records.join(', ')}`);
    }, showError);
  });
  open(undefined);
  return { root: form, open };
}
