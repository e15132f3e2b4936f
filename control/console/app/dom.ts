// A tiny DOM builder: elements from a tag, attributes and children; text always becomes text nodes, never HTML.

/** Anything that can be appended: nodes, text (numbers too), nothing, or nested lists of them. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** An attribute value; `false`, null and undefined leave the attribute out, `true` sets it empty. */
export type AttrValue = string | number | boolean | null | undefined;

/** Attributes by name, plus `on<event>` handlers (`onclick`, `onsubmit`, ...). */
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

/** Appends `children` to `parent` in order, flattening lists and skipping empty values. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...(child as readonly Child[]));
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Creates `<tag>` with `attrs` and `children`. Strings are inserted with createTextNode, so
 * data from the API can never become markup; `on*` functions become event listeners.
 * Example: h('button', { type: 'button', onclick: save }, 'Save').
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

/** Replaces everything inside `parent` with `children`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
