import { isOwnUiNode, listen } from './context';

/**
 * Composed events: they leave shadow roots, and at the window their `composedPath()` lists every open shadow
 * root on the way to their target, nested ones included. Whatever the tester does in a root (points, focuses,
 * presses a key, types) passes through one of them before a `change`, `submit` or `invalid` can happen there.
 */
const REVEALING_EVENTS = ['pointerdown', 'focusin', 'keydown', 'input', 'click'];

export function isShadowRoot(node: EventTarget | Node | null | undefined): node is ShadowRoot {
  return node != null && (node as Node).nodeType === 11 && 'host' in (node as object);
}

/**
 * Tells `onRoot` of every open shadow root the tester's actions reach, once each: the roots found on the
 * composed path of the events above (so a field three roots deep reveals all three). Costs one walk of a
 * short array per event and no observer; closed roots never appear in a path seen from the window (their
 * events are retargeted to the host), so they are never reported. Parcours' own UI is left out.
 */
export function watchShadowRoots(window: Window, onRoot: (root: ShadowRoot) => void): () => void {
  const seen = new WeakSet<ShadowRoot>();
  return listen(window, REVEALING_EVENTS, (event) => {
    for (const node of event.composedPath()) {
      if (!isShadowRoot(node) || seen.has(node)) continue;
      seen.add(node);
      if (!isOwnUiNode(node.host)) onRoot(node);
    }
  });
}
