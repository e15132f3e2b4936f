// Labelled form fields with an error line under each, where the API's validation errors are shown.
import { h, replace } from './dom.js';

let counter = 0;

/** A labelled control with its own error line; the control points at it with aria-describedby. */
export interface Field {
  readonly root: HTMLElement;
  readonly control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  /** Shows `message` under the control and marks it invalid; undefined clears both. */
  setError(message: string | undefined): void;
}

/** Wraps `control` with `label`, an optional hint and an error line. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): Field {
  counter += 1;
  const id = control.id === '' ? `f${counter}` : control.id;
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', hint === undefined ? errorId : `${hintId} ${errorId}`);
  const root = h('div', { class: 'field' }, h('label', { for: id }, label), control, hint === undefined ? null : h('p', { class: 'hint', id: hintId }, hint), error);
  return {
    root,
    control,
    setError(message) {
      replace(error, message ?? '');
      if (message === undefined) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    },
  };
}

/** A form-level error line (for errors no single field owns). */
export function formError(): { root: HTMLElement; set(message: string | undefined): void } {
  const root = h('p', { class: 'form-error', role: 'alert' });
  return { root, set: (message) => replace(root, message ?? '') };
}
