import { OWN_UI_ATTRIBUTE } from './context';

/** What a DOM-change check needs to know of a node's ancestors. */
export interface NodeFlags {
  /** Parcours' own UI or inside it (`isOwnUiNode`). */
  ownUi: boolean;
  /** Inside the document's `<head>` (draws nothing). */
  inHead: boolean;
}

const NONE: NodeFlags = { ownUi: false, inHead: false };

/**
 * Answers `closest('[data-parcours-ui]')` and `closest('head')` for many nodes of one mutation batch, each
 * ancestor looked at once: a batch that rewrites 200 cells of one table walks the table's ancestors once,
 * not 200 times (a selector match per ancestor per record was the recorder's largest cost on a big page).
 * Only for the span of one batch: the DOM may change between batches.
 */
export function nodeFlagsMemo(): (node: Node) => NodeFlags {
  const known = new Map<Element, NodeFlags>();
  const of = (element: Element | null): NodeFlags => {
    if (!element) return NONE;
    const cached = known.get(element);
    if (cached) return cached;
    // Walked up by hand (not recursion): a deep page must not overflow the stack.
    const chain: Element[] = [];
    let found: NodeFlags = NONE;
    for (let at: Element | null = element; at; at = at.parentElement) {
      const hit = known.get(at);
      if (hit) {
        found = hit;
        break;
      }
      chain.push(at);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = chain[i] as Element;
      found = {
        ownUi: found.ownUi || at.hasAttribute(OWN_UI_ATTRIBUTE),
        inHead: found.inHead || at.localName === 'head',
      };
      known.set(at, found);
    }
    return found;
  };
  return (node) => of(node.nodeType === 1 ? (node as Element) : node.parentElement);
}
