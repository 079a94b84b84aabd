import { epochNow } from '../capture/clock';
import { describeField, type FieldElement, isFormField, resolveTarget } from '../capture/describe';
import { scrubTypedValues } from '../capture/masking';
import { normalizeText } from '../capture/text';
import { fromOwnUi, guarded, isOwnUiNode, listen, type RecorderPart, safely, trustedOnly } from './context';
import { watchShadowRoots } from './shadow-roots';

/** What the page says this soon after a submit (or a click on a form's button) is its answer to it. */
export const FEEDBACK_WATCH_MS = 3_000;
/** A field the browser found invalid this recently and that the page then marks `aria-invalid` is one refusal. */
const SAME_REFUSAL_MS = 1_000;
/** Alert texts are messages, not pages: capped. */
const ALERT_TEXT_MAX = 300;
/** Fields whose typed values are scrubbed from the page's texts, at most. */
const MAX_FIELDS = 500;

const ALERT_REGIONS = '[role="alert"], [aria-live="assertive"]';
const INVALID_FIELDS = '[aria-invalid="true"]';
/** Attributes that mark a field refused or show and hide a message. */
const WATCHED_ATTRIBUTES = ['aria-invalid', 'hidden', 'class', 'style', 'aria-hidden', 'open'];

interface Watch {
  until: number;
  form: HTMLFormElement | null;
  /** Text of each alert region when the tester acted: the same text shown again unchanged is no answer. */
  before: WeakMap<Element, string>;
  /** What was reported in this window, so a region re-rendered with the same text is reported once. */
  reported: WeakMap<Element, string>;
}

/**
 * How a page answers a try at sending a form, besides the browser's constraint validation (the `invalid`
 * event, recorded by forms.ts). For FEEDBACK_WATCH_MS after a submit or a click on a form's button: fields
 * the page's script marks `aria-invalid="true"` (or inserts so marked), reported with the text of their
 * error message; new text in an alert region. Fields already marked when a page arrives (a server that
 * answered a post with its errors) are reported once, `onArrival`; whether a submit brought the page is for
 * the map to judge. Outside those windows nothing is watched: inline validation while typing is not a
 * refusal, and a page pays nothing. What the tester typed is scrubbed from every text the page wrote.
 */
export const recordFormFeedback: RecorderPart = (context) => {
  const { window } = context;
  const document = window.document;
  const refusedAt = new WeakMap<Element, number>();
  let watch: Watch | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const typedValues = (): string[] => {
    const scope: ParentNode = watch?.form ?? document;
    return Array.from(scope.querySelectorAll<FieldElement>('input, textarea'))
      .slice(0, MAX_FIELDS)
      .filter((field) => field.localName === 'textarea' || !/^(checkbox|radio|hidden|submit|button|reset|image)$/i.test(field.type))
      .map((field) => field.value);
  };
  const pageText = (text: string, max?: number) => context.masker().pageText(normalizeText(scrubTypedValues(text, typedValues()), max)) ?? '';

  const reportInvalid = (element: Element, onArrival: boolean) => {
    if (!isFormField(element) || isOwnUiNode(element)) return;
    const refused = refusedAt.get(element);
    if (refused != null && epochNow() - refused <= SAME_REFUSAL_MS) return;
    context.emit({
      kind: 'invalid',
      field: describeField(element, context.masker()),
      validationMessage: pageText(errorMessageOf(element)),
      source: 'aria-invalid',
      ...(onArrival ? { onArrival: true } : {}),
    });
  };

  const reportAlerts = (records: readonly MutationRecord[], current: Watch) => {
    const rewritten = new Set<Element>();
    const regions = new Set<Element>();
    for (const record of records) {
      if (isOwnUiNode(record.target)) continue;
      for (const region of alertRegionsOf(record)) {
        regions.add(region);
        if (record.type !== 'attributes') rewritten.add(region);
      }
    }
    for (const region of regions) {
      const text = normalizeText(region.textContent, Number.MAX_SAFE_INTEGER);
      if (!text || current.reported.get(region) === text) continue;
      // The same message still shown, untouched since the tester acted, is not the page's answer.
      if (text === current.before.get(region) && !rewritten.has(region)) continue;
      if (!isShown(region, window)) continue;
      current.reported.set(region, text);
      const inForm = current.form != null && (current.form.contains(region) || describesFieldOf(region, current.form));
      context.emit({ kind: 'form-alert', text: pageText(text, ALERT_TEXT_MAX), inForm });
    }
  };

  const observer = new MutationObserver(
    safely((records: MutationRecord[]) => {
      const current = watch;
      if (!current || !context.isRecording()) return;
      for (const record of records) {
        if (record.type === 'attributes' && record.attributeName === 'aria-invalid') {
          const element = record.target as Element;
          if (element.getAttribute('aria-invalid') === 'true' && record.oldValue !== 'true') reportInvalid(element, false);
        } else if (record.type === 'childList') {
          for (const node of Array.from(record.addedNodes))
            if (node.nodeType === 1) for (const field of invalidFieldsIn(node as Element)) reportInvalid(field, false);
        }
      }
      reportAlerts(records, current);
    }),
  );

  const closeWatch = () => {
    observer.disconnect();
    watch = null;
    if (timer != null) clearTimeout(timer);
    timer = null;
  };

  const openWatch = (form: HTMLFormElement | null) => {
    const before = new WeakMap<Element, string>();
    for (const region of Array.from(document.querySelectorAll(ALERT_REGIONS)))
      before.set(region, isShown(region, window) ? (normalizeText(region.textContent, Number.MAX_SAFE_INTEGER) ?? '') : '');
    const fresh = watch == null;
    watch = { until: epochNow() + FEEDBACK_WATCH_MS, form, before, reported: new WeakMap() };
    if (!fresh) return;
    const options: MutationObserverInit = {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRIBUTES,
      attributeOldValue: true,
    };
    observer.observe(document, options);
    const root = form?.getRootNode();
    if (root && root !== document && root.nodeType === 11) observer.observe(root, options);
    const check = safely(() => {
      const left = (watch?.until ?? 0) - epochNow();
      if (left > 0) timer = setTimeout(check, left);
      else closeWatch();
    });
    timer = setTimeout(check, FEEDBACK_WATCH_MS);
  };

  // The browser's own refusal comes first (capture phase), the page's marking after it.
  const onInvalid = (event: Event) => {
    const element = event.composedPath()[0] as Element | undefined;
    if (element?.nodeType === 1) refusedAt.set(element, epochNow());
  };
  const onSubmit = (event: Event) => {
    if (!context.isRecording() || fromOwnUi(event) || !context.testerActed()) return;
    const form = event.composedPath()[0] as Element | undefined;
    openWatch(form?.localName === 'form' ? (form as HTMLFormElement) : null);
  };
  // `invalid` and `submit` stay inside a shadow root: each open root the tester reaches gets the same
  // listeners (never removed, inert once stopped; see forms.ts).
  let active = true;
  const inRoot = (handler: (event: Event) => void) =>
    guarded(
      trustedOnly((event: Event) => {
        if (active) handler(event);
      }),
    );
  const stops = [
    listen(window, ['invalid'], onInvalid),
    listen(window, ['submit'], onSubmit),
    watchShadowRoots(window, (root) => {
      root.addEventListener('invalid', inRoot(onInvalid), { capture: true, passive: true });
      root.addEventListener('submit', inRoot(onSubmit), { capture: true, passive: true });
    }),
    listen(window, ['click'], (event) => {
      if (!context.isRecording() || fromOwnUi(event)) return;
      const element = resolveTarget(event.composedPath());
      const form = element ? formOfButton(element) : null;
      if (form) openWatch(form);
    }),
  ];

  const scanOnArrival = safely(() => {
    if (!context.isRecording()) return;
    for (const element of Array.from(document.querySelectorAll(INVALID_FIELDS))) reportInvalid(element, true);
  });
  if (document.readyState === 'loading') {
    // Not `once`: a DOMContentLoaded the page dispatches itself would use it up, and it is ignored.
    const stopArrival = listen(document, ['DOMContentLoaded'], () => {
      stopArrival();
      scanOnArrival();
    });
    stops.push(stopArrival);
  } else scanOnArrival();

  return () => {
    active = false;
    for (const stop of stops) stop();
    closeWatch();
  };
};

/** The form a button sends or checks (a submit button, or a scripted button inside a form); null otherwise. */
function formOfButton(element: Element): HTMLFormElement | null {
  const tag = element.localName;
  const isButton =
    tag === 'button' || (tag === 'input' && /^(submit|button|image)$/i.test(element.getAttribute('type') ?? '')) || element.getAttribute('role') === 'button';
  if (!isButton) return null;
  return (element as HTMLButtonElement).form ?? element.closest('form');
}

function invalidFieldsIn(element: Element): Element[] {
  const found = element.matches(INVALID_FIELDS) ? [element] : [];
  return found.concat(Array.from(element.querySelectorAll(INVALID_FIELDS)));
}

/** The alert regions a mutation touched: one it happened in, ones it added, ones it showed. */
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

/** Whether an element is shown: neither it nor an ancestor hidden. */
function isShown(element: Element, window: Window): boolean {
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return false;
    const style = window.getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
  }
  return true;
}

/** Whether a region is the error message of one of the form's fields (`aria-describedby`, `aria-errormessage`). */
function describesFieldOf(region: Element, form: HTMLFormElement): boolean {
  const id = region.id;
  if (!id) return false;
  return Array.from(form.elements).some((field) =>
    ['aria-describedby', 'aria-errormessage'].some((attribute) => (field.getAttribute(attribute) ?? '').split(/\s+/).includes(id)),
  );
}

/** The text of a field's error message: `aria-errormessage`, else what `aria-describedby` points to. */
function errorMessageOf(field: Element): string {
  const root = field.getRootNode() as Document | ShadowRoot;
  for (const attribute of ['aria-errormessage', 'aria-describedby']) {
    const ids = (field.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
    const texts = ids.map((id) => root.getElementById?.(id)).flatMap((element) => (element && !element.closest('[hidden]') ? [element.textContent ?? ''] : []));
    const text = texts.join(' ').trim();
    if (text) return text;
  }
  return '';
}
