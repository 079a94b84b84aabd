import { BALANCED, type Masker } from '../privacy/masker';
import { contentText, labelText, rawAccessibleName, roleOf } from './accessible';
import { cssEscape } from './css-escape';
import type { FieldDescriptor, FormDescriptor, Rect, TargetDescriptor } from './events';
import { type FieldTraits, isSensitiveField, scrubTypedValues } from './masking';
import { editableRoot, recorderSelectors } from './selectors';
import { EDITABLE, normalizeText } from './text';

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

/**
 * Describes a clicked element: tag, role, accessible name, visible text, box and selectors, every text masked
 * in the walk's mode. A click in an editable region (`contenteditable`, a `textbox` role) describes the region
 * as a field: its text is what the tester typed, so it is never read, and its name comes from its label only.
 */
export function describeTarget(el: Element, masker: Masker = BALANCED): TargetDescriptor {
  const editable = editableRoot(el);
  if (editable) return describeEditable(editable, masker);
  const descriptor: TargetDescriptor = {
    tag: el.localName,
    role: roleOf(el),
    name: masker.pageText(rawAccessibleName(el)),
    text: masker.pageText(normalizeText(visibleText(el))),
    rect: rectOf(el),
    selectors: recorderSelectors(el, masker),
    inShadow: isInShadow(el),
  };
  const href = el.localName === 'a' ? el.getAttribute('href') : null;
  if (href != null) descriptor.href = masker.url((el as HTMLAnchorElement).href || href);
  if (el.localName === 'input') descriptor.inputType = (el.getAttribute('type') ?? 'text').toLowerCase();
  return descriptor;
}

/** An editable region as a field: named by what labels it (never by its content), role `textbox`, no text. */
function describeEditable(region: Element, masker: Masker): TargetDescriptor {
  const root = region.getRootNode() as Document | ShadowRoot;
  const labelledBy = (region.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? root.getElementById?.(id) : null))
    .filter((label): label is HTMLElement => label != null && !label.matches(EDITABLE) && !label.contains(region))
    .map((label) => contentText(label))
    .join(' ');
  const name =
    normalizeText(labelledBy) ??
    normalizeText(region.getAttribute('aria-label')) ??
    normalizeText(region.getAttribute('aria-placeholder')) ??
    normalizeText(region.getAttribute('title'));
  const role = region.getAttribute('role')?.trim().split(/\s+/)[0];
  return {
    tag: region.localName,
    role: role === 'searchbox' ? role : 'textbox',
    name: masker.pageText(name),
    text: null,
    rect: rectOf(region),
    selectors: recorderSelectors(region, masker),
    inShadow: isInShadow(region),
  };
}

function visibleText(el: Element): string {
  if (el.localName === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    // Only buttons show their value as text; a text field's value is what the tester typed.
    return type === 'submit' || type === 'button' || type === 'reset' ? (el.getAttribute('value') ?? '') : '';
  }
  if (el.localName === 'textarea' || el.localName === 'select') return '';
  // innerText needs layout; keep it for small elements and walk the text of large containers instead, and of
  // any element holding an editable region (innerText would read what the tester typed there).
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is wanted, not hidden text.
  const inner = el.childElementCount <= 20 && el.querySelector(EDITABLE) == null ? (el as HTMLElement).innerText : undefined;
  return typeof inner === 'string' ? inner : contentText(el);
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

/** What tells whether a field is sensitive: its type, name, id, autocomplete hint and label (unmasked: never stored as they are). */
export function fieldTraits(el: FieldElement): FieldTraits {
  return {
    inputType: fieldInputType(el),
    name: el.getAttribute('name'),
    id: el.getAttribute('id'),
    autocomplete: el.getAttribute('autocomplete'),
    label: labelText(el) ?? normalizeText(el.getAttribute('aria-label')) ?? normalizeText(el.getAttribute('placeholder')),
  };
}

/** Describes a form field without ever reading its value; its label masked as a page text, its code name as a text. */
export function describeField(el: FieldElement, masker: Masker = BALANCED): FieldDescriptor {
  const traits = fieldTraits(el);
  const { name, autocomplete, label } = traits;
  const sensitive = isSensitiveField(traits);
  return {
    tag: el.localName,
    inputType: fieldInputType(el),
    name: masker.text(name),
    // Labels can show personal data (an e-mail address, a card ending): masked like every other text.
    label: masker.pageText(label ?? rawAccessibleName(el)),
    autocomplete,
    required: el.required,
    sensitive,
    selectors: recorderSelectors(el, masker),
  };
}

/** Whether a field is one a search is typed in (`type=search`, `role=searchbox`): what is typed there is the journey's substance. */
export function isSearchField(el: FieldElement): boolean {
  return el.localName === 'input' && roleOf(el) === 'searchbox';
}

/** The length of what the field holds: characters typed, or options chosen. Never the value itself. */
export function valueLength(el: FieldElement): number {
  if (el.localName === 'select') return (el as HTMLSelectElement).selectedOptions.length;
  return el.value.length;
}

/** Single-line text fields: where Enter acts (sends the form, or whatever the page's script does). */
const SINGLE_LINE_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

export function isSingleLineText(el: Element | null): el is HTMLInputElement {
  return el?.localName === 'input' && SINGLE_LINE_TYPES.has(fieldInputType(el as HTMLInputElement));
}

/**
 * Describes the host of a closed shadow root that holds a field (its `input` events reach the page retargeted
 * to the host): what a person sees of it, never its value. The host's own name, `aria-labelledby`,
 * `aria-label`, `title`, or a `<label for>` pointing at its id.
 */
export function describeClosedHost(host: Element, masker: Masker = BALANCED): FieldDescriptor {
  const name = host.getAttribute('name');
  const id = host.getAttribute('id');
  const autocomplete = host.getAttribute('autocomplete');
  const label = rawAccessibleName(host) ?? labelFor(host, id);
  return {
    tag: host.localName,
    inputType: null,
    name: masker.text(name),
    label: masker.pageText(label),
    autocomplete,
    required: host.hasAttribute('required') || host.getAttribute('aria-required') === 'true',
    sensitive: isSensitiveField({ inputType: null, name, id, autocomplete, label }),
    selectors: recorderSelectors(host, masker),
    closedRoot: true,
  };
}

function labelFor(el: Element, id: string | null): string | null {
  if (!id) return null;
  const root = el.getRootNode() as Document | ShadowRoot;
  const label = root.querySelector?.(`label[for="${cssEscape(id)}"]`);
  return label ? normalizeText(contentText(label)) : null;
}

/** A form's names are titles: kept short. */
const FORM_TEXT_MAX = 80;
const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"]';
/** The nearest heading is sought up to the section (or landmark) that holds the form, not beyond. */
const SECTIONS = new Set(['section', 'article', 'aside', 'nav', 'main', 'header', 'footer', 'dialog', 'body']);
const SECTION_ROLES = new Set(['region', 'dialog', 'alertdialog', 'main', 'navigation', 'complementary', 'banner', 'contentinfo', 'search']);

/**
 * Describes a form as it is sent: what the page's code calls it, and the texts a person reads that name it
 * (accessible name, legend, nearest heading, the text of the button that sent it). Every text is masked, and
 * what was typed in the form is removed from it (a heading that greets the name just typed).
 */
export function describeForm(form: HTMLFormElement, submitter: Element | null, masker: Masker = BALANCED): FormDescriptor {
  const action = form.getAttribute('action');
  const fields = Array.from(form.elements).filter((element) => isFormField(element));
  const typed = fields.filter((field) => isSingleLineText(field) || field.localName === 'textarea').map((field) => (field as HTMLInputElement).value);
  const clean = (text: string | null | undefined) => {
    const scrubbed = text == null ? null : masker.pageText(normalizeText(scrubTypedValues(text, typed), FORM_TEXT_MAX));
    return scrubbed === '' ? null : scrubbed;
  };
  const heading = nearestHeading(form);
  const button = submitter && submitter !== form ? submitter : defaultButton(form);
  const search = form.closest('search') != null;
  const codeName = form.getAttribute('name');
  const ariaLabel = codeName == null ? form.getAttribute('aria-label') : null;
  return {
    // What the page's code calls it; an `aria-label` standing in is a text people read.
    name: ariaLabel != null ? clean(ariaLabel) : masker.text(codeName ?? form.getAttribute('id')),
    selectors: recorderSelectors(form, masker),
    method: (form.getAttribute('method') ?? 'get').toLowerCase(),
    action: action == null ? null : masker.url(action),
    fieldCount: fields.length,
    label: clean(rawAccessibleName(form)),
    legend: clean(legendOf(form, fields)),
    heading: heading ? clean(rawAccessibleName(heading) ?? contentText(heading)) : null,
    submitText: button ? clean(buttonText(button)) : null,
    role: roleAttribute(form) ?? (search ? 'search' : null),
  };
}

function roleAttribute(element: Element): string | null {
  return element.getAttribute('role')?.trim().split(/\s+/)[0]?.toLowerCase() || null;
}

/** The legend of the fieldset that holds every field of the form (a fieldset for a part of it names only that part). */
function legendOf(form: HTMLFormElement, fields: readonly Element[]): string | null {
  const fieldset = form.querySelector('fieldset');
  if (!fieldset || fields.length === 0 || !fields.every((field) => fieldset.contains(field))) return null;
  const legend = Array.from(fieldset.children).find((child) => child.localName === 'legend');
  return legend ? contentText(legend) : null;
}

function shownHeading(element: Element): boolean {
  return element.closest('[hidden], [aria-hidden="true"]') == null;
}

/**
 * The heading a person reads as the form's title: the first inside it, else the nearest one before it, going
 * out through its ancestors (and out of a shadow root to its host) until the section or landmark holding it.
 */
function nearestHeading(form: Element): Element | null {
  const inside = Array.from(form.querySelectorAll(HEADINGS)).find(shownHeading);
  if (inside) return inside;
  let node: Element = form;
  for (let depth = 0; depth < 50; depth++) {
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.matches(HEADINGS) && shownHeading(sibling)) return sibling;
      const within = Array.from(sibling.querySelectorAll(HEADINGS)).filter(shownHeading);
      const last = within[within.length - 1];
      if (last) return last;
    }
    const parent: Element | null = node.parentElement ?? hostOf(node);
    if (!parent || isSection(parent)) return null;
    node = parent;
  }
  return null;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root.nodeType === 11 && 'host' in root ? (root as ShadowRoot).host : null;
}

function isSection(element: Element): boolean {
  if (SECTIONS.has(element.localName)) return true;
  const role = element.getAttribute('role');
  return role != null && SECTION_ROLES.has(role);
}

function isSubmitButton(element: Element): boolean {
  const type = (element.getAttribute('type') ?? '').toLowerCase();
  if (element.localName === 'button') return type === '' || type === 'submit';
  return element.localName === 'input' && (type === 'submit' || type === 'image');
}

/** The button Enter would press: the form's first submit button (image buttons are not among `elements`). */
function defaultButton(form: HTMLFormElement): Element | null {
  return Array.from(form.elements).find(isSubmitButton) ?? form.querySelector('input[type="image" i]');
}

/** A button's text as shown (an input without a value shows the browser's own word: unknown here). */
function buttonText(button: Element): string | null {
  if (button.localName === 'input') {
    const type = (button.getAttribute('type') ?? '').toLowerCase();
    return normalizeText(type === 'image' ? button.getAttribute('alt') : button.getAttribute('value'));
  }
  return rawAccessibleName(button);
}
