import { BALANCED, type Masker } from '../privacy/masker';
import { EDITABLE, normalizeText } from './text';

/** The ARIA role of an element: explicit `role`, else the implicit role of its tag. */
export function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
  if (explicit) return explicit;
  const tag = el.localName;
  switch (tag) {
    case 'a':
    case 'area':
      return el.hasAttribute('href') ? 'link' : null;
    case 'button':
    case 'summary':
      return 'button';
    case 'select':
      return (el as HTMLSelectElement).multiple || Number(el.getAttribute('size') ?? 0) > 1 ? 'listbox' : 'combobox';
    case 'textarea':
      return 'textbox';
    case 'option':
      return 'option';
    case 'img':
      return el.getAttribute('alt') === '' ? 'presentation' : 'img';
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return 'heading';
    case 'nav':
      return 'navigation';
    case 'main':
      return 'main';
    case 'form':
      return 'form';
    case 'ul':
    case 'ol':
      return 'list';
    case 'li':
      return 'listitem';
    case 'table':
      return 'table';
    case 'dialog':
      return 'dialog';
    case 'input':
      return inputRole(el as HTMLInputElement);
    default:
      return null;
  }
}

function inputRole(input: HTMLInputElement): string | null {
  const type = (input.getAttribute('type') ?? 'text').toLowerCase();
  switch (type) {
    case 'button':
    case 'submit':
    case 'reset':
    case 'image':
      return 'button';
    case 'checkbox':
      return 'checkbox';
    case 'radio':
      return 'radio';
    case 'range':
      return 'slider';
    case 'number':
      return 'spinbutton';
    case 'search':
      return 'searchbox';
    case 'hidden':
      return null;
    default:
      return 'textbox';
  }
}

const NAME_FROM_CONTENT = new Set([
  'button',
  'link',
  'heading',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'checkbox',
  'radio',
  'cell',
  'columnheader',
  'rowheader',
  'treeitem',
  'switch',
  'tooltip',
]);

/** A simplified accessible-name computation (aria-labelledby, aria-label, labels, alt, content, title), masked as a page text. */
export function accessibleName(el: Element, masker: Masker = BALANCED): string | null {
  return masker.pageText(rawAccessibleName(el));
}

/**
 * The accessible name as the page gives it, unmasked: for comparing with its masked form (a selector that
 * would quote it), never to be stored as it is.
 */
export function rawAccessibleName(el: Element): string | null {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const parts = labelledBy
      .split(/\s+/)
      .map((id) => {
        const part = root.getElementById?.(id);
        if (!part || part.matches(EDITABLE)) return '';
        return part.querySelector(EDITABLE) ? contentText(part) : (part.textContent ?? '');
      })
      .filter(Boolean);
    const joined = normalizeText(parts.join(' '));
    if (joined) return joined;
  }
  const ariaLabel = normalizeText(el.getAttribute('aria-label'));
  if (ariaLabel) return ariaLabel;

  const tag = el.localName;
  if (tag === 'input' || tag === 'select' || tag === 'textarea') {
    const field = el as HTMLInputElement;
    const type = (field.getAttribute('type') ?? '').toLowerCase();
    if (type === 'submit' || type === 'button' || type === 'reset') {
      return normalizeText(field.getAttribute('value')) ?? (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : null);
    }
    if (type === 'image') return normalizeText(field.getAttribute('alt'));
    const fromLabels = labelText(field);
    if (fromLabels) return fromLabels;
    return normalizeText(field.getAttribute('placeholder')) ?? normalizeText(field.getAttribute('title'));
  }
  if (tag === 'img' || tag === 'area') return normalizeText(el.getAttribute('alt')) ?? normalizeText(el.getAttribute('title'));

  const role = roleOf(el);
  if (role && NAME_FROM_CONTENT.has(role)) {
    const content = normalizeText(contentText(el));
    if (content) return content;
  }
  return normalizeText(el.getAttribute('title'));
}

/** The text of a field's `<label>` elements, without the text of the field's own descendants. */
export function labelText(field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string | null {
  const labels = field.labels ? Array.from(field.labels) : [];
  const text = labels.map((label) => contentText(label)).join(' ');
  return normalizeText(text);
}

/** Visible-ish text of an element, including image alternatives, without layout cost. */
export function contentText(el: Element, limit = 600): string {
  let out = '';
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      // Large containers: enough text to name them, without walking the whole page on the click path.
      if (out.length > limit) return;
      if (child.nodeType === 3) out += child.textContent ?? '';
      else if (child.nodeType === 1) {
        const element = child as Element;
        const tag = element.localName;
        if (tag === 'script' || tag === 'style' || tag === 'template') continue;
        if (element.getAttribute('aria-hidden') === 'true') continue;
        // An editable region's text is what the tester typed (a textbox's content is its value).
        if (element.matches(EDITABLE)) continue;
        if (tag === 'img') out += ` ${element.getAttribute('alt') ?? ''} `;
        else if (tag === 'select' || tag === 'input' || tag === 'textarea') continue;
        else walk(element);
        if (BLOCK_TAGS.has(tag)) out += ' ';
      }
    }
    const shadow = (node as Element).shadowRoot;
    if (shadow && out.trim() === '') walk(shadow);
  };
  walk(el);
  return out;
}

const BLOCK_TAGS = new Set(['div', 'p', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr', 'section']);
