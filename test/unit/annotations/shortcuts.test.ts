// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { deepActiveElement, isTyping, SHORTCUT_HELP, shortcutFor } from '@/lib/annotations/shortcuts';
import { listenForShortcuts } from '@/lib/page-recorder/shortcuts';
import { dispatchTrusted } from '../page-recorder/harness';

/** A key press with Alt+Shift held (the documented chord), unless said otherwise. */
function press(code: string, modifiers: Partial<{ altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) {
  return { code, altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, ...modifiers };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('shortcutFor', () => {
  it.each([
    ['Digit1', -2],
    ['Digit2', -1],
    ['Digit3', 0],
    ['Digit4', 1],
    ['Digit5', 2],
  ])('Alt+Shift+%s tags the emotion %i', (code, valence) => {
    expect(shortcutFor(press(code))).toEqual({ action: 'emotion', valence });
  });

  it('reads the numeric keypad like the digit row', () => {
    expect([1, 2, 3, 4, 5].map((n) => shortcutFor(press(`Numpad${n}`)))).toEqual([-2, -1, 0, 1, 2].map((valence) => ({ action: 'emotion', valence })));
  });

  it('has no emotion for digits outside 1..5', () => {
    for (const code of ['Digit0', 'Digit6', 'Digit9', 'Numpad0', 'Numpad6']) expect(shortcutFor(press(code)), code).toBeNull();
  });

  it.each([
    ['KeyT', 'thought'],
    ['KeyP', 'pain'],
    ['KeyO', 'opportunity'],
    ['KeyE', 'expectation'],
    ['KeyN', 'note'],
  ])('Alt+Shift+%s opens a note of kind %s', (code, noteKind) => {
    expect(shortcutFor(press(code))).toEqual({ action: 'note', noteKind });
  });

  it('marks a moment of truth with M, steps through stages with the arrows and folds the toolbar with H', () => {
    expect(shortcutFor(press('KeyM'))).toEqual({ action: 'moment-of-truth' });
    expect(shortcutFor(press('ArrowRight'))).toEqual({ action: 'stage', delta: 1 });
    expect(shortcutFor(press('ArrowLeft'))).toEqual({ action: 'stage', delta: -1 });
    expect(shortcutFor(press('KeyH'))).toEqual({ action: 'toggle-overlay' });
  });

  it('takes a full-page screenshot with F, only with Alt+Shift and neither Ctrl nor Meta', () => {
    expect(shortcutFor(press('KeyF'))).toEqual({ action: 'full-page' });
    expect(shortcutFor(press('KeyF', { altKey: false }))).toBeNull();
    expect(shortcutFor(press('KeyF', { shiftKey: false }))).toBeNull();
    expect(shortcutFor(press('KeyF', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('KeyF', { metaKey: true }))).toBeNull();
  });

  it('does nothing for other keys', () => {
    for (const code of ['KeyA', 'KeyZ', 'ArrowUp', 'ArrowDown', 'Space', 'Enter', 'Escape', 'F5', '']) expect(shortcutFor(press(code)), code).toBeNull();
  });

  it('does nothing without both Alt and Shift', () => {
    for (const code of ['Digit1', 'KeyT', 'KeyM', 'ArrowRight', 'KeyH']) {
      expect(shortcutFor(press(code, { altKey: false })), `${code} without Alt`).toBeNull();
      expect(shortcutFor(press(code, { shiftKey: false })), `${code} without Shift`).toBeNull();
      expect(shortcutFor(press(code, { altKey: false, shiftKey: false })), `${code} alone`).toBeNull();
    }
  });

  it('does nothing when Ctrl or Meta is held too (those chords belong to the browser and the system)', () => {
    for (const code of ['Digit1', 'KeyP', 'KeyM', 'ArrowLeft', 'KeyH']) {
      expect(shortcutFor(press(code, { ctrlKey: true })), `${code} with Ctrl`).toBeNull();
      expect(shortcutFor(press(code, { metaKey: true })), `${code} with Meta`).toBeNull();
    }
  });

  it('reads a real KeyboardEvent by its physical key, whatever character the layout types', () => {
    // On a French AZERTY keyboard Alt+Shift+1 types "1" or a symbol; the code is still Digit1.
    const event = new KeyboardEvent('keydown', { code: 'Digit1', key: '&', altKey: true, shiftKey: true });
    expect(shortcutFor(event)).toEqual({ action: 'emotion', valence: -2 });
  });

  it('documents every shortcut it knows in the help list', () => {
    expect(SHORTCUT_HELP.map((item) => item.what)).toEqual([
      'shortcutEmotion',
      'shortcutThought',
      'shortcutPain',
      'shortcutOpportunity',
      'shortcutExpectation',
      'shortcutNote',
      'shortcutMoment',
      'shortcutStage',
      'shortcutToggle',
      'shortcutFullPage',
    ]);
  });
});

describe('isTyping', () => {
  function element(html: string): Element {
    const template = document.createElement('template');
    template.innerHTML = html;
    const made = template.content.firstElementChild as Element;
    document.body.append(made);
    return made;
  }

  it('is true in text fields of every typing kind, including an input without a type', () => {
    for (const html of [
      '<input>',
      '<input type="text">',
      '<input type="TEXT">',
      '<input type="search">',
      '<input type="email">',
      '<input type="url">',
      '<input type="tel">',
      '<input type="password">',
      '<input type="number">',
      '<input type="date">',
      '<input type="time">',
    ]) {
      expect(isTyping(element(html)), html).toBe(true);
    }
  });

  it('is true in a textarea and a select', () => {
    expect(isTyping(element('<textarea></textarea>'))).toBe(true);
    expect(isTyping(element('<select><option>1</option></select>'))).toBe(true);
  });

  it('is true in editable content', () => {
    const editor = element('<div contenteditable="true">Hello</div>');
    // jsdom does not compute isContentEditable; a browser says true here (and for the editor's children).
    Object.defineProperty(editor, 'isContentEditable', { value: true });
    expect(isTyping(editor)).toBe(true);
  });

  it('is false on buttons, checkboxes, radios and other controls that do not take text', () => {
    for (const html of [
      '<button>Buy</button>',
      '<input type="button">',
      '<input type="submit">',
      '<input type="checkbox">',
      '<input type="radio">',
      '<input type="range">',
      '<input type="file">',
      '<input type="color">',
      '<a href="#">link</a>',
      '<div tabindex="0">card</div>',
    ]) {
      expect(isTyping(element(html)), html).toBe(false);
    }
  });

  it('is false with nothing focused', () => {
    expect(isTyping(null)).toBe(false);
  });
});

describe('deepActiveElement', () => {
  it('is the document focus when it is not in a shadow root', () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    expect(deepActiveElement(document)).toBe(input);
  });

  it('is the body when nothing has focus', () => {
    expect(deepActiveElement(document)).toBe(document.body);
  });

  it('finds the focused field inside an open shadow root, where document.activeElement only sees the host', () => {
    const host = document.createElement('shop-search');
    document.body.append(host);
    const input = document.createElement('input');
    host.attachShadow({ mode: 'open' }).append(input);
    input.focus();
    expect(document.activeElement).toBe(host);
    expect(deepActiveElement(document)).toBe(input);
    expect(isTyping(deepActiveElement(document))).toBe(true);
  });

  it('goes through nested open shadow roots', () => {
    const outer = document.createElement('checkout-form');
    document.body.append(outer);
    const inner = document.createElement('address-field');
    outer.attachShadow({ mode: 'open' }).append(inner);
    const textarea = document.createElement('textarea');
    inner.attachShadow({ mode: 'open' }).append(textarea);
    textarea.focus();
    expect(deepActiveElement(document)).toBe(textarea);
  });

  it('stops at the host of a closed shadow root (its inside is not reachable)', () => {
    const host = document.createElement('closed-widget');
    document.body.append(host);
    const input = document.createElement('input');
    host.attachShadow({ mode: 'closed' }).append(input);
    input.focus();
    expect(deepActiveElement(document)).toBe(host);
    expect(isTyping(deepActiveElement(document))).toBe(false);
  });

  it('stops at a host whose shadow root has nothing focused', () => {
    const host = document.createElement('div');
    host.tabIndex = 0;
    document.body.append(host);
    host.attachShadow({ mode: 'open' }).append(document.createElement('input'));
    host.focus();
    expect(deepActiveElement(document)).toBe(host);
  });
});

describe('listenForShortcuts', () => {
  function chord(target: EventTarget, code: string) {
    return dispatchTrusted(target, new KeyboardEvent('keydown', { code, altKey: true, shiftKey: true, bubbles: true, composed: true, cancelable: true }));
  }

  it('takes a full page on Alt+Shift+F outside a field, and lets the page have the key press untouched', () => {
    const seen: string[] = [];
    const stop = listenForShortcuts(window, (action) => seen.push(action.action));
    const pageSaw: boolean[] = [];
    document.addEventListener('keydown', (event) => pageSaw.push(event.defaultPrevented));
    const press = chord(document.body, 'KeyF');
    stop();
    expect(seen).toEqual(['full-page']);
    expect(press.defaultPrevented).toBe(false);
    expect(pageSaw).toEqual([false]);
  });

  it('never fires while the tester types in a field, the page’s or one inside a shadow root', () => {
    const seen: string[] = [];
    const stop = listenForShortcuts(window, (action) => seen.push(action.action));
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    chord(input, 'KeyF');
    const host = document.createElement('search-box');
    document.body.append(host);
    const inner = document.createElement('textarea');
    host.attachShadow({ mode: 'open' }).append(inner);
    inner.focus();
    chord(inner, 'KeyF');
    inner.blur();
    chord(document.body, 'KeyF');
    stop();
    expect(seen).toEqual(['full-page']);
  });
});
