// Shared widgets: loading, error and empty states, copy buttons, confirmation dialogs, dates.
import { errorText } from './api.js';
import { h, replace } from './dom.js';
import type { Child } from './dom.js';

/** A page title that takes focus after navigation, so keyboard and screen-reader users land on it. */
export function pageTitle(text: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, text), ...extra);
}

/** The loading state of a region; `role=status` announces it without stealing focus. */
export function loadingState(what = 'Loading…'): HTMLElement {
  return h('p', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), what);
}

/** The error state of a region: what failed, and a retry button when one makes sense. */
export function errorState(err: unknown, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state error', role: 'alert' },
    h('p', {}, errorText(err)),
    retry === undefined ? null : h('button', { type: 'button', class: 'secondary', onclick: retry }, 'Try again'),
  );
}

/** The empty state of a list: what is missing and, usually, how to add the first one. */
export function emptyState(text: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'state empty' }, h('p', {}, text), ...extra);
}

/**
 * Fills `region` from `fetcher`: the loading state while it runs, then `render`'s output, or
 * the error state with a retry. The region keeps its minimum height meanwhile (CSS), so
 * content below does not jump.
 */
export function loadInto<T>(region: HTMLElement, fetcher: () => Promise<T>, render: (value: T) => Child): void {
  const run = (): void => {
    region.setAttribute('aria-busy', 'true');
    replace(region, loadingState());
    fetcher().then(
      (value) => {
        region.removeAttribute('aria-busy');
        replace(region, render(value));
      },
      (err: unknown) => {
        region.removeAttribute('aria-busy');
        replace(region, errorState(err, run));
      },
    );
  };
  run();
}

/**
 * Runs `work` with `button` disabled and labelled `busyLabel`, restoring it afterwards, so a
 * double click cannot send a request twice. Resolves or rejects like `work`.
 */
export async function withBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T> {
  const label = button.textContent ?? '';
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** A button copying `text` to the clipboard, confirming with "Copied" for a moment. */
export function copyButton(text: string, label = 'Copy'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary small copy' }, label);
  button.addEventListener('click', () => {
    const done = (message: string): void => {
      button.textContent = message;
      setTimeout(() => (button.textContent = label), 1500);
    };
    // The Clipboard API exists only in secure contexts (https, localhost).
    if (navigator.clipboard === undefined) {
      done('Select and copy');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => done('Copied'),
      () => done('Copy failed'),
    );
  });
  return button;
}

/**
 * Asks a yes/no question in a modal <dialog> (focus stays inside, Escape cancels) and
 * resolves true only when the person presses the confirming button.
 */
export function confirmAction(title: string, body: Child, confirmLabel: string, danger = true): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });
    const finish = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => finish(false) }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => finish(true) }, confirmLabel);
    replace(dialog, h('h2', { id: 'confirm-title' }, title), h('div', { class: 'dialog-body' }, body), h('div', { class: 'actions' }, cancel, ok));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** An ISO timestamp as local date and time, with the exact value in a tooltip. */
export function time(iso: string | null, never = '—'): HTMLElement {
  if (iso === null) return h('span', { class: 'muted' }, never);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

/** A zone status as a badge. */
export function statusBadge(status: string): HTMLElement {
  const active = status === 'ACTIVE';
  return h('span', { class: `badge ${active ? 'ok' : 'warn'}` }, active ? 'Active' : status === 'PENDING_VERIFICATION' ? 'Pending verification' : status);
}

/** "Published", or "2 changes not published" given the RRsets the next publish changes ("Changes not published" before they are known). */
export function publishState(serial: number, publishedSerial: number, changedRRsets?: number): HTMLElement {
  if (serial <= publishedSerial) return h('span', { class: 'badge ok' }, 'Published');
  if (changedRRsets === undefined) return h('span', { class: 'badge warn' }, 'Changes not published');
  return h('span', { class: 'badge warn' }, changedRRsets === 1 ? '1 change not published' : `${changedRRsets} changes not published`);
}

/** Values longer than this are cut in tables, with a button to show them whole. */
const LONG_TEXT = 120;

/**
 * `text` as it is when short; a long one (a DKIM key, a big TXT) cut after LONG_TEXT characters
 * with "Show all" to unfold it and "Show less" to fold it again. Either way it wraps inside its
 * cell rather than widening the table.
 */
export function longText(text: string): HTMLElement {
  if (text.length <= LONG_TEXT) return h('span', { class: 'long-text' }, text);
  const shown = h('span', {}, `${text.slice(0, LONG_TEXT)}…`);
  const toggle = h('button', { type: 'button', class: 'link show-all', 'aria-expanded': 'false' }, `Show all (${text.length} characters)`);
  toggle.addEventListener('click', () => {
    const expand = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(expand));
    replace(shown, expand ? text : `${text.slice(0, LONG_TEXT)}…`);
    replace(toggle, expand ? 'Show less' : `Show all (${text.length} characters)`);
  });
  return h('span', { class: 'long-text' }, shown, ' ', toggle);
}
