import { accessibleName, contentText, labelText, roleOf } from './accessible';
import type { FieldDescriptor, Rect, TargetDescriptor } from './events';
import { isSensitiveField, maskSensitiveText, maskUrl } from './masking';
import { isEditable, recorderSelectors } from './selectors';
import { normalizeText } from './text';

const INTERACTIVE_TAGS = new Set(['a', 'button', 'input', 'select', 'textarea', 'label', 'summary', 'option']);
const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'switch',
  'treeitem',
  'combobox',
  'textbox',
  'searchbox',
  'spinbutton',
  'slider',
]);

function isInteractive(el: Element): boolean {
  if (INTERACTIVE_TAGS.has(el.localName)) return el.localName !== 'a' || el.hasAttribute('href');
  const role = el.getAttribute('role');
  return role != null && INTERACTIVE_ROLES.has(role);
}

/**
 * The element the tester meant: the innermost element of the composed path (so clicks inside open shadow
 * roots resolve to the inner element, and a closed root yields its host), raised to the nearest interactive
 * ancestor within a few levels, so a click on an icon inside a button names the button.
 */
export function resolveTarget(path: readonly EventTarget[]): Element | null {
  const elements = path.filter((node): node is Element => (node as Node).nodeType === 1);
  const innermost = elements[0];
  if (!innermost) return null;
  for (const el of elements.slice(0, 6)) {
    if (isInteractive(el)) return el;
    if (el.localName === 'body' || el.localName === 'html') break;
  }
  return innermost;
}

function rectOf(el: Element): Rect {
  const r = el.getBoundingClientRect();
  return { x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function isInShadow(el: Element): boolean {
  return el.getRootNode().nodeType === 11;
}

/** Describes a clicked element: tag, role, accessible name, visible text, box and selectors. */
export function describeTarget(el: Element): TargetDescriptor {
  const descriptor: TargetDescriptor = {
    tag: el.localName,
    role: roleOf(el),
    name: accessibleName(el),
    // The text of an editable region is what the tester typed: never recorded.
    text: isEditable(el) ? null : maskOrNull(normalizeText(visibleText(el))),
    rect: rectOf(el),
    selectors: recorderSelectors(el),
    inShadow: isInShadow(el),
  };
  const href = el.localName === 'a' ? el.getAttribute('href') : null;
  if (href != null) descriptor.href = maskUrl((el as HTMLAnchorElement).href || href);
  if (el.localName === 'input') descriptor.inputType = (el.getAttribute('type') ?? 'text').toLowerCase();
  return descriptor;
}

function visibleText(el: Element): string {
  if (el.localName === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    // Only buttons show their value as text; a text field's value is what the tester typed.
    return type === 'submit' || type === 'button' || type === 'reset' ? (el.getAttribute('value') ?? '') : '';
  }
  if (el.localName === 'textarea' || el.localName === 'select') return '';
  // innerText needs layout; keep it for small elements and walk the text of large containers instead.
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is wanted, not hidden text.
  const inner = el.childElementCount <= 20 ? (el as HTMLElement).innerText : undefined;
  return typeof inner === 'string' ? inner : contentText(el);
}

function maskOrNull(text: string | null): string | null {
  return text == null ? null : maskSensitiveText(text);
}

export type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A field's kind as descriptors name it: the input's type, else `select` or `textarea`. */
export function fieldInputType(el: FieldElement): string {
  return el.localName === 'input' ? (el.getAttribute('type') ?? 'text').toLowerCase() : el.localName === 'select' ? 'select' : 'textarea';
}

export function isFormField(el: Element | null): el is FieldElement {
  if (!el) return false;
  const tag = el.localName;
  if (tag === 'select' || tag === 'textarea') return true;
  if (tag !== 'input') return false;
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  return type !== 'submit' && type !== 'button' && type !== 'reset' && type !== 'image' && type !== 'hidden';
}

/** Describes a form field without ever reading its value. */
export function describeField(el: FieldElement): FieldDescriptor {
  const inputType = fieldInputType(el);
  const label = labelText(el) ?? normalizeText(el.getAttribute('aria-label')) ?? normalizeText(el.getAttribute('placeholder'));
  const name = el.getAttribute('name');
  const autocomplete = el.getAttribute('autocomplete');
  const sensitive = isSensitiveField({ inputType, name, id: el.getAttribute('id'), autocomplete, label });
  return {
    tag: el.localName,
    inputType,
    name,
    // Labels can show personal data (an e-mail address, a card ending): masked like every other text.
    label: label != null ? maskSensitiveText(label) : accessibleName(el),
    autocomplete,
    required: el.required,
    sensitive,
    selectors: recorderSelectors(el),
  };
}

/** The length of what the field holds: characters typed, or options chosen. Never the value itself. */
export function valueLength(el: FieldElement): number {
  if (el.localName === 'select') return (el as HTMLSelectElement).selectedOptions.length;
  return el.value.length;
}
