import { describeField, isFormField, valueLength } from '../capture/describe';
import { maskSensitiveText, maskUrl, scrubTypedValues } from '../capture/masking';
import { recorderSelectors } from '../capture/selectors';
import { normalizeText } from '../capture/text';
import { fromOwnUi, listen, type RecorderPart } from './context';

function innermost(event: Event): Element | null {
  const first = event.composedPath()[0];
  return first && (first as Node).nodeType === 1 ? (first as Element) : null;
}

/**
 * Forms: field focus and change (never the value), submits and `invalid` events with their message.
 * `change`, `submit` and `invalid` are not composed, so they never leave a shadow root: when focus reveals a
 * field inside one, the same listeners are added to that root.
 */
export const recordForms: RecorderPart = (context) => {
  const stops: (() => void)[] = [];
  const watchedRoots = new WeakSet<ShadowRoot>();

  const watch = (target: EventTarget) => {
    stops.push(listen(target, ['change'], onChange), listen(target, ['submit'], onSubmit), listen(target, ['invalid'], onInvalid));
  };

  stops.push(
    listen(context.window, ['focusin'], (event) => {
      if (!context.isRecording() || fromOwnUi(event)) return;
      const el = innermost(event);
      if (!isFormField(el)) return;
      const root = el.getRootNode();
      if (root.nodeType === 11 && 'host' in root && !watchedRoots.has(root as ShadowRoot)) {
        watchedRoots.add(root as ShadowRoot);
        watch(root);
      }
      context.emit({ kind: 'field-focus', field: describeField(el) });
    }),
  );

  const onChange = (event: Event) => {
    if (!context.isRecording() || fromOwnUi(event)) return;
    const el = innermost(event);
    if (!isFormField(el)) return;
    const field = describeField(el);
    const change: Parameters<typeof context.emit>[0] = { kind: 'field-change', field, valueLength: valueLength(el) };
    if (!field.sensitive) {
      const type = field.inputType;
      if (type === 'checkbox' || type === 'radio') change.checked = (el as HTMLInputElement).checked;
      if (el.localName === 'select') {
        const texts = Array.from((el as HTMLSelectElement).selectedOptions).map((option) => option.text);
        change.selectedText = normalizeText(maskSensitiveText(texts.join(', ')));
      }
    }
    context.emit(change);
  };

  const onSubmit = (event: Event) => {
    if (!context.isRecording() || fromOwnUi(event)) return;
    const form = innermost(event) as HTMLFormElement | null;
    if (form?.localName !== 'form') return;
    const action = form.getAttribute('action');
    context.emit({
      kind: 'submit',
      form: {
        name: form.getAttribute('name') ?? form.getAttribute('aria-label') ?? form.getAttribute('id'),
        selectors: recorderSelectors(form),
        method: (form.getAttribute('method') ?? 'get').toLowerCase(),
        action: action == null ? null : maskUrl(action),
        fieldCount: Array.from(form.elements).filter((element) => isFormField(element)).length,
      },
    });
  };

  // `invalid` does not bubble, but a capture listener on the window still sees it.
  const onInvalid = (event: Event) => {
    if (!context.isRecording() || fromOwnUi(event)) return;
    const el = innermost(event);
    if (!isFormField(el)) return;
    // A custom validity message may repeat what was typed: the field's value is scrubbed from it.
    const message = maskSensitiveText(scrubTypedValues(el.validationMessage ?? '', [el.value]));
    context.emit({ kind: 'invalid', field: describeField(el), validationMessage: message, source: 'constraint' });
  };

  watch(context.window);
  return () => {
    for (const stop of stops) stop();
  };
};
