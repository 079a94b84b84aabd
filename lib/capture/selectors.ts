import { accessibleName, roleOf } from './accessible';
import { cssEscape } from './css-escape';
import type { SelectorAlternatives } from './events';
import { maskSensitiveText } from './masking';
import { normalizeText } from './text';

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

/** A CSS selector that finds `el` and only `el` within `root` (its document or shadow root). */
export function uniqueCss(el: Element, root: QueryRoot): string {
  const tag = cssEscape(el.localName);
  const id = el.getAttribute('id');
  if (id && !GENERATED.test(id)) {
    const byId = `#${cssEscape(id)}`;
    if (isUnique(root, byId, el)) return byId;
  }
  for (const attr of [...TEST_ATTRIBUTES, 'name', 'aria-label']) {
    const value = el.getAttribute(attr);
    if (!value || value.length > 80) continue;
    const selector = `${tag}[${attr}="${value.replace(/["\\]/g, '\\$&')}"]`;
    if (isUnique(root, selector, el)) return selector;
  }
  const segments: string[] = [];
  let current: Element | null = el;
  while (current && current.getRootNode() === root) {
    const segment = segmentFor(current);
    segments.unshift(segment.text);
    const candidate = segments.join(' > ');
    if (segment.anchored || isUnique(root, candidate, el)) return candidate;
    current = current.parentElement;
  }
  return segments.join(' > ');
}

function segmentFor(el: Element): { text: string; anchored: boolean } {
  const id = el.getAttribute('id');
  const root = el.getRootNode() as QueryRoot;
  if (id && !GENERATED.test(id) && isUnique(root, `#${cssEscape(id)}`, el)) return { text: `#${cssEscape(id)}`, anchored: true };
  let text = cssEscape(el.localName);
  const classes = Array.from(el.classList)
    .filter((name) => !GENERATED.test(name))
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
export function xpathFor(el: Element): string {
  const parts: string[] = [];
  let current: Element | null = el;
  while (current && current.nodeType === 1) {
    const id = current.getAttribute('id');
    if (id && !GENERATED.test(id) && !id.includes('"')) {
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

/** True for a contenteditable region or anything inside one: its text is the tester's typing. */
export function isEditable(el: Element): boolean {
  return (el as HTMLElement).isContentEditable === true || el.closest('[contenteditable]:not([contenteditable="false"])') != null;
}

/**
 * Selector alternatives in Chrome DevTools Recorder style, most robust first:
 * `aria/Name[role="x"]`, the CSS chain through shadow roots, `xpath/` (light DOM only), `pierce/`, `text/`.
 */
export function recorderSelectors(el: Element): SelectorAlternatives {
  const alternatives: SelectorAlternatives = [];
  const name = accessibleName(el);
  const role = roleOf(el);
  if (name && name.length <= 80) {
    alternatives.push([role && role !== 'generic' ? `aria/${name}[role="${role}"]` : `aria/${name}`]);
  }
  const chain = shadowChain(el);
  alternatives.push(chain.map(({ element, root }) => uniqueCss(element, root)));
  if (chain.length === 1) alternatives.push([`xpath/${xpathFor(el)}`]);
  const innermost = chain[chain.length - 1];
  if (innermost) alternatives.push([`pierce/${uniqueCss(innermost.element, innermost.root)}`]);
  // A textarea's text content is its default value, an editable region's is what was typed: never recorded.
  const text = el.localName === 'textarea' || isEditable(el) ? null : normalizeText(el.textContent, 64);
  if (text && !text.endsWith('…') && el.children.length <= 2) alternatives.push([`text/${maskSensitiveText(text)}`]);
  return alternatives;
}
