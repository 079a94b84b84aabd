import { epochNow } from '../capture/clock';
import {
  describeClosedHost,
  describeField,
  describeForm,
  type FieldElement,
  fieldInputType,
  fieldTraits,
  isFormField,
  isSearchField,
  isSingleLineText,
  valueLength,
} from '../capture/describe';
import type { Point } from '../capture/events';
import { isSecretField, scrubTypedValues } from '../capture/masking';
import { editableRoot } from '../capture/selectors';
import { normalizeText } from '../capture/text';
import { fromOwnUi, guarded, listen, type RecorderContext, type RecorderPart, trustedOnly } from './context';
import { watchShadowRoots } from './shadow-roots';

function innermost(event: Event): Element | null {
  const first = event.composedPath()[0];
  return first && (first as Node).nodeType === 1 ? (first as Element) : null;
}

function centerOf(el: Element): Point {
  const rect = el.getBoundingClientRect();
  return { x: Math.round((rect.x + rect.width / 2) * 10) / 10, y: Math.round((rect.y + rect.height / 2) * 10) / 10 };
}

/** Fields whose value is typed text (not a box, a choice, a file or a slider). */
const NOT_TYPED = /^(checkbox|radio|file|range|color|hidden|submit|button|reset|image)$/;

/**
 * What a field holds that the tester typed, for echoes (lib/privacy/echoes.ts): null for a field of no typed
 * text, for a secret (a password, a card: never hashed), and for a search outside strict walks (its term is
 * kept, so its echoes are not masked: "Results for mugs").
 */
function typedValue(el: FieldElement, context: RecorderContext): string | null {
  if (el.localName === 'select' || NOT_TYPED.test(fieldInputType(el))) return null;
  if (isSecretField(fieldTraits(el))) return null;
  if (isSearchField(el) && context.masker().mode !== 'strict') return null;
  return el.value;
}

/**
 * Forms: field focus and change (never the value), submits with the texts that name the form, `invalid`
 * events with their message, and Enter pressed in a text field that belongs to no form (`key`).
 *
 * `change`, `submit` and `invalid` are not composed: inside a shadow root they never reach the window. Every
 * open root the tester's actions reach is found on the composed path of their events (shadow-roots.ts) and
 * gets the same listeners, nested roots included, once each. A closed root shows only its host: a trusted
 * `input` event that reaches the window from an element that is no field came from inside one, and is
 * recorded as a change of that host (once per visit: until the focus leaves it, or Enter is pressed).
 *
 * Nothing typed while the walk is paused is recorded, even when the field commits it later: a field that
 * received input while the tab was not recorded has its next `change` (and any Enter before it) dropped,
 * whenever it comes. A field only focused while paused and typed in after Resume is recorded as usual.
 * A submit counts only right after a gesture of the tester's (gesture.ts): Chromium fires a trusted `submit`
 * for a form a script sends by itself.
 */
export const recordForms: RecorderPart = (context) => {
  // Listeners on shadow roots are never removed (the recorder keeps no reference to a root, so a root the page
  // drops can be collected): once stopped, they do nothing.
  let active = true;
  const changedHosts = new WeakSet<Element>();
  /** Fields typed in while the tab was not recorded (paused): their value is not the walk's. */
  const typedUnrecorded = new WeakSet<Element>();

  const watchRoot = (target: EventTarget) => {
    const only = (handler: (event: Event) => void) =>
      guarded(
        trustedOnly((event: Event) => {
          if (active) handler(event);
        }),
      );
    const options = { capture: true, passive: true };
    target.addEventListener('change', only(onChange), options);
    target.addEventListener('submit', only(onSubmit), options);
    target.addEventListener('invalid', only(onInvalid), options);
  };

  /** Hands over what the tester typed in fields (also while paused: a page may show it back later). */
  const noteTyped = (fields: readonly Element[]) => {
    const values = fields.flatMap((field) => (isFormField(field) ? [typedValue(field, context)] : [])).filter((value) => value != null);
    if (values.length > 0) context.typed(values);
  };

  const onChange = (event: Event) => {
    if (fromOwnUi(event)) return;
    const el = innermost(event);
    if (!isFormField(el)) return;
    // Noted even when not recorded: a value typed while paused may still come back on a page later.
    noteTyped([el]);
    // The value was typed while paused: its commit, now or after Resume, is not the walk's.
    if (typedUnrecorded.delete(el)) return;
    if (!context.isRecording()) return;
    const masker = context.masker();
    const field = describeField(el, masker);
    // A sensitive field's length is not kept either: even a password's length says something.
    const change: Parameters<typeof context.emit>[0] = { kind: 'field-change', field, valueLength: field.sensitive ? null : valueLength(el) };
    if (!field.sensitive) {
      const type = field.inputType;
      if (type === 'checkbox' || type === 'radio') change.checked = (el as HTMLInputElement).checked;
      if (el.localName === 'select') {
        const texts = Array.from((el as HTMLSelectElement).selectedOptions).map((option) => option.text);
        change.selectedText = masker.pageText(normalizeText(texts.join(', ')));
      }
      // What a customer searches for is the journey's substance: the one typed value kept (not in strict walks).
      if (isSearchField(el)) {
        const term = masker.searchTerm(el.value);
        if (term != null) change.searchTerm = term;
      }
    }
    context.emit(change);
  };

  const onSubmit = (event: Event) => {
    if (fromOwnUi(event)) return;
    const form = innermost(event) as HTMLFormElement | null;
    if (form?.localName !== 'form') return;
    noteTyped(Array.from(form.elements));
    if (!context.isRecording() || !context.testerActed()) return;
    context.emit({ kind: 'submit', form: describeForm(form, (event as SubmitEvent).submitter ?? null, context.masker()) });
  };

  // `invalid` does not bubble, but a capture listener on the window (or the root) still sees it.
  const onInvalid = (event: Event) => {
    if (!context.isRecording() || fromOwnUi(event)) return;
    const el = innermost(event);
    if (!isFormField(el)) return;
    // A custom validity message may repeat what was typed: the field's value is scrubbed from it.
    const masker = context.masker();
    const message = masker.pageText(scrubTypedValues(el.validationMessage ?? '', [el.value]));
    context.emit({ kind: 'invalid', field: describeField(el, masker), validationMessage: message, source: 'constraint' });
  };

  // Text typed in an editable region (contenteditable) is a typed value too: noted when the focus leaves it.
  const editing = new WeakMap<Element, string>();
  const onFocus = (event: Event) => {
    if (fromOwnUi(event)) return;
    const el = innermost(event);
    const region = el ? editableRoot(el) : null;
    if (region && !isFormField(region)) editing.set(region, region.textContent ?? '');
    if (!context.isRecording()) return;
    if (isFormField(el)) context.emit({ kind: 'field-focus', field: describeField(el, context.masker()) });
  };

  // Enter in a single-line field with no form: the page's script acts on it (inside a form it sends the form,
  // recorded as its submit; in a textarea it is a new line). Only the tester's own key presses count.
  const onKeydown = (raw: Event) => {
    const event = raw as KeyboardEvent;
    if (!event.isTrusted || event.key !== 'Enter' || event.isComposing || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    if (fromOwnUi(event)) return;
    const el = innermost(event);
    // The page may clear the field on Enter (a todo added) before any `change`: what was typed is noted now.
    if (isSingleLineText(el)) noteTyped([el]);
    if (!context.isRecording()) return;
    if (el && !isFormField(el)) changedHosts.delete(el);
    if (!isSingleLineText(el) || el.form != null || typedUnrecorded.has(el)) return;
    const id = context.newId();
    const epochMs = epochNow();
    context.requestScreenshot(id, centerOf(el), epochMs, 'click');
    const field = describeField(el, context.masker());
    context.emit({
      kind: 'key',
      id,
      epochMs,
      key: 'Enter',
      field,
      valueLength: field.sensitive ? null : valueLength(el),
      devicePixelRatio: context.window.devicePixelRatio || 1,
    });
  };

  // Typing inside a closed root: the browser only fires `input` on fields and editable regions, so a trusted
  // one whose target (as the window sees it) is neither was retargeted to the host of a closed root.
  const onInput = (event: Event) => {
    if (fromOwnUi(event)) return;
    const el = innermost(event);
    if (!el) return;
    if (!context.isRecording()) {
      typedUnrecorded.add(el);
      return;
    }
    if (isFormField(el) || el.closest('[contenteditable]:not([contenteditable="false"])') != null) return;
    if (changedHosts.has(el)) return;
    changedHosts.add(el);
    context.emit({ kind: 'field-change', field: describeClosedHost(el, context.masker()), valueLength: null });
  };

  const onFocusOut = (event: Event) => {
    const el = innermost(event);
    if (el) changedHosts.delete(el);
    const region = el ? editableRoot(el) : null;
    const before = region ? editing.get(region) : undefined;
    if (region && before !== undefined) {
      editing.delete(region);
      const now = region.textContent ?? '';
      if (now !== before && !fromOwnUi(event)) context.typed([now]);
    }
  };

  const stops = [
    listen(context.window, ['focusin'], onFocus),
    listen(context.window, ['keydown'], onKeydown),
    listen(context.window, ['input'], onInput),
    listen(context.window, ['focusout'], onFocusOut),
    listen(context.window, ['change'], onChange),
    listen(context.window, ['submit'], onSubmit),
    listen(context.window, ['invalid'], onInvalid),
    watchShadowRoots(context.window, watchRoot),
  ];
  return () => {
    active = false;
    for (const stop of stops) stop();
  };
};
