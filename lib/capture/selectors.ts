import { BALANCED, type Masker } from '../privacy/masker';
import { rawAccessibleName, roleOf } from './accessible';
import { cssEscape } from './css-escape';
import type { SelectorAlternatives } from './events';
import { EDITABLE, normalizeText } from './text';

type QueryRoot = Document | ShadowRoot;

/** The chain of scopes from the document down to the element: each host, then the element itself. */
export function shadowChain(el: Element): { element: Element; root: QueryRoot }[] {
  const chain: { element: Element; root: QueryRoot }[] = [];
  let current: Element | null = el;
  while (current) {
    const root = current.getRootNode() as QueryRoot | Node;
    if (isShadowRoot(root)) {
      chain.unshift({ element: current, root });
      current = root.host;
    } else {
      chain.unshift({ element: current, root: (current.ownerDocument ?? (root as Document)) as Document });
      current = null;
    }
  }
  return chain;
}

function isShadowRoot(node: Node | QueryRoot): node is ShadowRoot {
  return node.nodeType === 11 && 'host' in node && (node as ShadowRoot).host != null;
}

const TEST_ATTRIBUTES = ['data-testid', 'data-test', 'data-qa', 'data-cy'];
// Ids and classes that look generated (hashes, long numbers) change between builds: skip them.
const GENERATED = /\d{4,}|[a-f0-9]{8,}|^[a-z]{1,3}-[A-Za-z0-9]{5,}$|^css-|^sc-|^jsx-|--/;

function isUnique(root: QueryRoot, selector: string, el: Element): boolean {
  try {
    const found = root.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** An id a selector may use: not generated, and nothing in it that masking would change (an e-mail, an echo, a token). */
function usableId(el: Element, masker: Masker): string | null {
  const id = el.getAttribute('id');
  return id && !GENERATED.test(id) && masker.keepsInSelector(id) ? id : null;
}

/**
 * A CSS selector that finds `el` and only `el` within `root` (its document or shadow root). Every id, class
 * and attribute value in it passes the walk's masking unchanged (one that would not is skipped, never kept
 * in part), and strict walks quote no page text (`aria-label`); the structural path is always left.
 */
export function uniqueCss(el: Element, root: QueryRoot, masker: Masker = BALANCED): string {
  const tag = cssEscape(el.localName);
  const id = usableId(el, masker);
  if (id) {
    const byId = `#${cssEscape(id)}`;
    if (isUnique(root, byId, el)) return byId;
  }
  const attributes = masker.selectorsQuoteText ? [...TEST_ATTRIBUTES, 'name', 'aria-label'] : [...TEST_ATTRIBUTES, 'name'];
  for (const attr of attributes) {
    const value = el.getAttribute(attr);
    if (!value || value.length > 80 || !masker.keepsInSelector(value)) continue;
    const selector = `${tag}[${attr}="${value.replace(/["\\]/g, '\\$&')}"]`;
    if (isUnique(root, selector, el)) return selector;
  }
  const segments: string[] = [];
  let current: Element | null = el;
  while (current && current.getRootNode() === root) {
    const segment = segmentFor(current, masker);
    segments.unshift(segment.text);
    const candidate = segments.join(' > ');
    if (segment.anchored || isUnique(root, candidate, el)) return candidate;
    current = current.parentElement;
  }
  return segments.join(' > ');
}

function segmentFor(el: Element, masker: Masker): { text: string; anchored: boolean } {
  const id = usableId(el, masker);
  const root = el.getRootNode() as QueryRoot;
  if (id && isUnique(root, `#${cssEscape(id)}`, el)) return { text: `#${cssEscape(id)}`, anchored: true };
  let text = cssEscape(el.localName);
  const classes = Array.from(el.classList)
    .filter((name) => !GENERATED.test(name) && masker.keepsInSelector(name))
    .slice(0, 2);
  for (const name of classes) text += `.${cssEscape(name)}`;
  // A shadow root's top-level elements have no parent element, but their siblings still need telling apart.
  const parent: ParentNode | null = el.parentElement ?? (el.parentNode as ParentNode | null);
  if (parent) {
    const sameTag = Array.from(parent.children).filter((child) => child.localName === el.localName);
    if (sameTag.length > 1) text += `:nth-of-type(${sameTag.indexOf(el) + 1})`;
  }
  return { text, anchored: false };
}

/** An XPath from the nearest id (or the document root). Only meaningful outside shadow roots. */
export function xpathFor(el: Element, masker: Masker = BALANCED): string {
  const parts: string[] = [];
  let current: Element | null = el;
  while (current && current.nodeType === 1) {
    const id = usableId(current, masker);
    if (id && !id.includes('"')) {
      parts.unshift(`//*[@id="${id}"]`);
      return parts.join('/');
    }
    const parent: Element | null = current.parentElement;
    const tag = current.localName;
    if (!parent) {
      parts.unshift(`/${tag}`);
      break;
    }
    const sameTag = Array.from(parent.children).filter((child) => child.localName === tag);
    parts.unshift(sameTag.length > 1 ? `${tag}[${sameTag.indexOf(current) + 1}]` : tag);
    current = parent;
  }
  return parts.join('/');
}

/** The editable region an element is or is inside (`contenteditable`, or a `textbox` role): its text is the tester's typing. */
export function editableRoot(el: Element): Element | null {
  const region = el.closest(EDITABLE);
  if (region) return region;
  return (el as HTMLElement).isContentEditable === true ? el : null;
}

/** True for a contenteditable region (or a `textbox`) or anything inside one: its text is the tester's typing. */
export function isEditable(el: Element): boolean {
  return editableRoot(el) != null;
}

/**
 * Selector alternatives in Chrome DevTools Recorder style, most robust first:
 * `aria/Name[role="x"]`, the CSS chain through shadow roots, `xpath/` (light DOM only), `pierce/`, `text/`.
 * An `aria/` or `text/` alternative is left out when masking would change its text (a selector never says
 * what the name hides), and in strict walks; the CSS chain is always there.
 */
export function recorderSelectors(el: Element, masker: Masker = BALANCED): SelectorAlternatives {
  const alternatives: SelectorAlternatives = [];
  const quotable = (text: string | null) => text != null && masker.selectorsQuoteText && masker.pageText(text) === text;
  const name = rawAccessibleName(el);
  const role = roleOf(el);
  if (name && name.length <= 80 && quotable(name)) {
    alternatives.push([role && role !== 'generic' ? `aria/${name}[role="${role}"]` : `aria/${name}`]);
  }
  const chain = shadowChain(el);
  alternatives.push(chain.map(({ element, root }) => uniqueCss(element, root, masker)));
  if (chain.length === 1) alternatives.push([`xpath/${xpathFor(el, masker)}`]);
  const innermost = chain[chain.length - 1];
  if (innermost) alternatives.push([`pierce/${uniqueCss(innermost.element, innermost.root, masker)}`]);
  // A textarea's text content is its default value, an editable region's is what was typed: never recorded.
  const text = el.localName === 'textarea' || isEditable(el) || el.querySelector(EDITABLE) ? null : normalizeText(el.textContent, 64);
  if (text && !text.endsWith('…') && el.children.length <= 2 && quotable(text)) alternatives.push([`text/${text}`]);
  return alternatives;
}
