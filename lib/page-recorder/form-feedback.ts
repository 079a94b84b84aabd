import { epochNow } from '../capture/clock';
import { describeField, isFormField, resolveTarget } from '../capture/describe';
import { maskSensitiveText } from '../capture/masking';
import { normalizeText } from '../capture/text';
import { fromOwnUi, isOwnUiNode, listen, type RecorderPart } from './context';

/** An alert this long after a submit (or a click on a form's button) is the page's answer to it. */
export const ALERT_WATCH_MS = 3_000;
/** A field the browser found invalid this recently and that the page then marks `aria-invalid` is one refusal. */
const SAME_REFUSAL_MS = 1_000;
/** Alert texts are messages, not pages: capped. */
const ALERT_TEXT_MAX = 300;

const ALERT_REGIONS = '[role="alert"], [aria-live="assertive"]';

/**
 * How pages refuse a form without the browser's constraint validation (the `invalid` event, recorded by
 * forms.ts): a field marked `aria-invalid="true"` by the page's script, reported with the text of its error
 * message; a message in an alert region shortly after the tester sent a form. Fields already marked when a
 * page arrives (a server that answered a post with its errors) are reported once, `onArrival`; whether they
 * were the answer to a submit is for the map to judge.
 */
export const recordFormFeedback: RecorderPart = (context) => {
  const { window } = context;
  const document = window.document;
  const refusedAt = new WeakMap<Element, number>();
  const alertTexts = new WeakMap<Element, string>();
  const watchedRoots = new WeakSet<Node>();
  let alertWatchUntil = 0;
  let alertTimer: ReturnType<typeof setTimeout> | null = null;

  const reportInvalid = (element: Element, onArrival: boolean) => {
    if (!isFormField(element) || isOwnUiNode(element)) return;
    const refused = refusedAt.get(element);
    if (refused != null && epochNow() - refused <= SAME_REFUSAL_MS) return;
    context.emit({
      kind: 'invalid',
      field: describeField(element),
      validationMessage: errorMessageOf(element, document),
      source: 'aria-invalid',
      ...(onArrival ? { onArrival: true } : {}),
    });
  };

  const invalidObserver = new MutationObserver((records) => {
    if (!context.isRecording()) return;
    for (const record of records) {
      const element = record.target as Element;
      if (element.getAttribute?.('aria-invalid') !== 'true' || record.oldValue === 'true') continue;
      reportInvalid(element, false);
    }
  });
  const watchInvalid = (root: Node) => {
    if (watchedRoots.has(root)) return;
    watchedRoots.add(root);
    invalidObserver.observe(root, { subtree: true, attributes: true, attributeFilter: ['aria-invalid'], attributeOldValue: true });
  };
  watchInvalid(document);

  const alertObserver = new MutationObserver((records) => {
    if (!context.isRecording()) return;
    const regions = new Set<Element>();
    for (const record of records) {
      if (isOwnUiNode(record.target)) continue;
      for (const region of alertRegionsOf(record)) regions.add(region);
    }
    for (const region of regions) {
      const text = visibleText(region, window);
      if (!text || alertTexts.get(region) === text) continue;
      alertTexts.set(region, text);
      context.emit({ kind: 'form-alert', text: normalizeText(maskSensitiveText(text), ALERT_TEXT_MAX) ?? '' });
    }
  });
  const watchAlerts = () => {
    const wasWatching = alertTimer != null;
    alertWatchUntil = epochNow() + ALERT_WATCH_MS;
    if (wasWatching) return;
    alertObserver.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    // Texts already shown before the tester acted are not the answer: only a new text is.
    for (const region of Array.from(document.querySelectorAll(ALERT_REGIONS))) alertTexts.set(region, visibleText(region, window) ?? '');
    const check = () => {
      const left = alertWatchUntil - epochNow();
      if (left > 0) {
        alertTimer = setTimeout(check, left);
        return;
      }
      alertObserver.disconnect();
      alertTimer = null;
    };
    alertTimer = setTimeout(check, ALERT_WATCH_MS);
  };

  const stops = [
    // The browser's own refusal comes first (capture phase on the window), the page's marking after it.
    listen(window, ['invalid'], (event) => {
      const element = event.composedPath()[0] as Element | undefined;
      if (element?.nodeType === 1) refusedAt.set(element, epochNow());
    }),
    listen(window, ['focusin'], (event) => {
      const element = event.composedPath()[0] as Element | undefined;
      const root = element?.getRootNode?.();
      if (root && root.nodeType === 11) watchInvalid(root);
    }),
    listen(window, ['submit'], (event) => {
      if (context.isRecording() && !fromOwnUi(event)) watchAlerts();
    }),
    listen(window, ['click'], (event) => {
      if (!context.isRecording() || fromOwnUi(event)) return;
      const element = resolveTarget(event.composedPath());
      if (element && sendsForm(element)) watchAlerts();
    }),
  ];

  const scanOnArrival = () => {
    if (!context.isRecording()) return;
    for (const element of Array.from(document.querySelectorAll('[aria-invalid="true"]'))) reportInvalid(element, true);
  };
  if (document.readyState === 'loading') stops.push(listen(document, ['DOMContentLoaded'], scanOnArrival, { once: true }));
  else scanOnArrival();

  return () => {
    for (const stop of stops) stop();
    invalidObserver.disconnect();
    alertObserver.disconnect();
    if (alertTimer != null) clearTimeout(alertTimer);
  };
};

/** A button (or submit input) that belongs to a form: clicking it sends or checks the form, often by script. */
function sendsForm(element: Element): boolean {
  const tag = element.localName;
  const isButton =
    tag === 'button' || (tag === 'input' && /^(submit|button|image)$/i.test(element.getAttribute('type') ?? '')) || element.getAttribute('role') === 'button';
  if (!isButton) return false;
  return (element as HTMLButtonElement).form != null || element.closest('form') != null;
}

/** The alert regions a mutation touched: one it happened in, or ones it added. */
function alertRegionsOf(record: MutationRecord): Element[] {
  const found: Element[] = [];
  const target = record.target.nodeType === 1 ? (record.target as Element) : record.target.parentElement;
  const around = target?.closest(ALERT_REGIONS);
  if (around) found.push(around);
  for (const node of Array.from(record.addedNodes)) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.matches(ALERT_REGIONS)) found.push(element);
    else found.push(...Array.from(element.querySelectorAll(ALERT_REGIONS)));
  }
  // An alert region shown by a change of its ancestor (a panel un-hidden).
  if (record.type === 'attributes' && target && !around) found.push(...Array.from(target.querySelectorAll(ALERT_REGIONS)));
  return found;
}

/** The text of an element when it is shown; null when it or an ancestor is hidden. */
function visibleText(element: Element, window: Window): string | null {
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return null;
    const style = window.getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return null;
  }
  return normalizeText(element.textContent, Number.MAX_SAFE_INTEGER);
}

/** The text of a field's error message: `aria-errormessage`, else what `aria-describedby` points to. */
function errorMessageOf(field: Element, document: Document): string {
  for (const attribute of ['aria-errormessage', 'aria-describedby']) {
    const ids = (field.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
    const texts = ids
      .map((id) => document.getElementById(id))
      .flatMap((element) => (element && !element.closest('[hidden]') ? [element.textContent ?? ''] : []));
    const text = normalizeText(maskSensitiveText(texts.join(' ')));
    if (text) return text;
  }
  return '';
}
