// @vitest-environment jsdom
/** The page recorder in each masking mode: what it describes, what it sends of typed values (hashes), and when. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEchoMatcher, typedValueHashes } from '@/lib/privacy/echoes';
import type { MaskingMode } from '@/lib/privacy/masking-mode';
import { change, click, dispatchTrusted, flush, type HelloAnswer, keydown, press, RECORDING, start, stopRecorders } from './harness';

const SALT = 'salt-of-the-walk';

/** Hello's answer for a walk in `mode`, with its salt and the hashes of values typed on earlier pages. */
function hello(mode: MaskingMode, typedBefore: string[] = []): HelloAnswer {
  return { ...RECORDING, masking: mode, echoes: { salt: SALT, hashes: typedBefore.flatMap((value) => typedValueHashes(SALT, value)) } };
}

function started(mode: MaskingMode, typedBefore: string[] = []) {
  return start({ hello: () => Promise.resolve(hello(mode, typedBefore)) });
}

function fill(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.focus();
  field.value = value;
  change(field);
}

function clickOn(element: Element): void {
  press(element);
  click(element);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  document.body.innerHTML = '';
  document.title = '';
});

describe('echoes of typed values', () => {
  it('hands the background hashes of what was typed, never the value, and masks it where the page shows it back', async () => {
    document.body.innerHTML = '<input name="fullname" aria-label="Full name"><button id="ship">Ship</button>';
    const { ofKind, echoes, sent, persisted } = started('balanced');
    await flush();
    fill(document.querySelector('input')!, 'Sandrine Martinez');
    await flush();
    expect(echoes.flat()).toEqual(typedValueHashes(SALT, 'Sandrine Martinez'));
    // The page shows the name back in the button, then the recorder describes a click on it.
    const button = document.getElementById('ship')!;
    button.textContent = 'Shipping to Sandrine Martinez';
    clickOn(button);
    await flush();
    expect(ofKind('click')[0]!.target).toMatchObject({ name: 'Shipping to [typed]', text: 'Shipping to [typed]' });
    const everything = JSON.stringify({ sent, persisted, echoes });
    expect(everything).not.toContain('Sandrine');
    expect(everything).not.toContain('Martinez');
  });

  it('masks on this page a value typed on an earlier one (the walk’s hashes come with hello)', async () => {
    document.title = 'Compte de Sandrine';
    document.body.innerHTML = '<a href="/account?name=Sandrine">Sandrine’s account</a>';
    const { ofKind } = started('relaxed', ['Sandrine Martinez']);
    await flush();
    clickOn(document.querySelector('a')!);
    await flush();
    const target = ofKind('click')[0]!.target;
    expect(target.name).toBe('[typed]’s account');
    expect(target.href).toMatch(/\/account\?name=\[typed\]$/);
  });

  it('keeps values typed before hello in memory, and hands over their hashes once the salt is known', async () => {
    document.body.innerHTML = '<input name="city" aria-label="City">';
    let answer: (value: HelloAnswer) => void = () => undefined;
    const { echoes } = start({ hello: () => new Promise<HelloAnswer>((resolve) => (answer = resolve)) });
    fill(document.querySelector('input')!, 'Villeurbanne');
    await flush();
    expect(echoes).toEqual([]);
    answer(hello('balanced'));
    await flush();
    expect(echoes.flat()).toEqual(typedValueHashes(SALT, 'Villeurbanne'));
  });

  it('asks for the walk’s salt when a walk starts on a page already loaded (its state comes by broadcast, without echoes)', async () => {
    document.body.innerHTML = '<input name="nick" aria-label="Nickname">';
    const answers: HelloAnswer[] = [{ ...RECORDING, recording: false, sessionId: null, status: null, masking: null }, hello('balanced')];
    const { echoes, recorder } = start({ hello: () => Promise.resolve(answers.shift() ?? hello('balanced')) });
    await flush();
    recorder.setState({ recording: true, sessionId: 's1', status: 'recording', masking: 'balanced' });
    fill(document.querySelector('input')!, 'Zephyrine');
    await flush();
    expect(echoes.flat()).toEqual(typedValueHashes(SALT, 'Zephyrine'));
  });

  it('hashes values typed while the walk is paused (the page may show them once it goes on), and nothing outside a walk', async () => {
    document.body.innerHTML = '<input name="nick" aria-label="Nickname">';
    const { echoes, recorder, ofKind } = started('balanced');
    await flush();
    recorder.setState({ recording: false, sessionId: 's1', status: 'paused', masking: 'balanced' });
    fill(document.querySelector('input')!, 'Zephyrine');
    await flush();
    expect(echoes.flat()).toEqual(typedValueHashes(SALT, 'Zephyrine'));
    expect(ofKind('field-change')).toEqual([]);
    recorder.setState({ recording: false, sessionId: null, status: null, masking: null });
    fill(document.querySelector('input')!, 'Anything else');
    await flush();
    expect(echoes).toHaveLength(1);
  });

  it('never hashes a secret (a password, a card number), and notes a value cleared on Enter', async () => {
    document.body.innerHTML = `
      <input type="password" name="pw" aria-label="Password">
      <input name="cardnumber" aria-label="Card number">
      <input name="todo" aria-label="What needs to be done?">`;
    const { echoes } = started('balanced');
    await flush();
    fill(document.querySelector('[name="pw"]') as HTMLInputElement, 'Hunter2-secret!');
    fill(document.querySelector('[name="cardnumber"]') as HTMLInputElement, '4242 4242 4242 4242');
    await flush();
    expect(echoes).toEqual([]);
    const todo = document.querySelector('[name="todo"]') as HTMLInputElement;
    todo.value = 'Scarf for Ana';
    keydown(todo, 'Enter');
    await flush();
    expect(echoes.flat()).toEqual(typedValueHashes(SALT, 'Scarf for Ana'));
  });

  it('notes what was typed in an editable region when the focus leaves it', async () => {
    document.body.innerHTML = '<div contenteditable="true" aria-label="Message" tabindex="0"></div><button>Send</button>';
    const { echoes } = started('balanced');
    await flush();
    const editor = document.querySelector('[contenteditable]') as HTMLElement;
    dispatchTrusted(editor, new FocusEvent('focusin', { bubbles: true, composed: true }));
    editor.textContent = 'Bonjour Octave Ribaudeau';
    dispatchTrusted(editor, new FocusEvent('focusout', { bubbles: true, composed: true }));
    await flush();
    const matcher = createEchoMatcher(SALT, echoes.flat());
    expect(matcher.scrub('Octave Ribaudeau replied')).toBe('[typed] replied');
  });
});

describe('search terms', () => {
  it('keeps what was typed in a search field in balanced and relaxed walks, its personal data masked, and not in strict ones', async () => {
    for (const mode of ['balanced', 'relaxed', 'strict'] as const) {
      document.body.innerHTML = '<input type="search" name="q" aria-label="Search"><input role="searchbox" name="q2" aria-label="Find">';
      const { ofKind, echoes } = started(mode);
      await flush();
      fill(document.querySelector('[name="q"]') as HTMLInputElement, '  stoneware   mug ');
      fill(document.querySelector('[name="q2"]') as HTMLInputElement, 'gift for jane@example.com');
      await flush();
      const [first, second] = ofKind('field-change');
      if (mode === 'strict') {
        expect(first).not.toHaveProperty('searchTerm');
        expect(second).not.toHaveProperty('searchTerm');
        // In strict walks a search is a typed value like any other: its echoes are masked.
        expect(echoes.flat()).toContain(typedValueHashes(SALT, 'stoneware mug')[0]);
      } else {
        expect(first!.searchTerm).toBe('stoneware mug');
        expect(second!.searchTerm).toBe('gift for [email]');
        // Kept, so not an echo: "Results for stoneware mug" stays as it is.
        expect(echoes).toEqual([]);
      }
      stopRecorders();
    }
  });

  it('never keeps the value of a search field that is sensitive', async () => {
    document.body.innerHTML = '<input type="search" name="email" aria-label="Find by e-mail">';
    const { ofKind } = started('balanced');
    await flush();
    fill(document.querySelector('input')!, 'jane');
    await flush();
    expect(ofKind('field-change')[0]).toMatchObject({ valueLength: null, field: { sensitive: true } });
    expect(ofKind('field-change')[0]).not.toHaveProperty('searchTerm');
  });
});

describe('strict walks', () => {
  it('keep only structure: every page text is [text], no selector quotes text, titles masked', async () => {
    document.title = 'Mon compte – Parcours Shop';
    document.body.innerHTML = `
      <h1>Welcome back</h1>
      <button id="add" aria-label="Add to cart">Add to cart</button>
      <select name="size" aria-label="Size"><option>Large</option></select>`;
    const { ofKind } = started('strict');
    await flush();
    clickOn(document.getElementById('add')!);
    const select = document.querySelector('select')!;
    change(select);
    await flush();
    const target = ofKind('click')[0]!.target;
    expect(target).toMatchObject({ tag: 'button', role: 'button', name: '[text]', text: '[text]' });
    expect(target.selectors).toContainEqual(['#add']);
    expect(JSON.stringify(target.selectors)).not.toMatch(/aria\/|text\/|Add to cart/);
    expect(ofKind('field-change')[0]).toMatchObject({ selectedText: '[text]', field: { label: '[text]', name: 'size' } });
    expect(ofKind('page-load').map((load) => load.title)).toEqual(['[text]']);
  });

  it('mask what was described before the walk’s mode was known', async () => {
    document.body.innerHTML = '<button id="early">Sandrine’s basket</button>';
    let answer: (value: HelloAnswer) => void = () => undefined;
    const { ofKind } = start({ hello: () => new Promise<HelloAnswer>((resolve) => (answer = resolve)) });
    clickOn(document.getElementById('early')!);
    answer(hello('strict'));
    await flush();
    expect(ofKind('click')[0]!.target).toMatchObject({ name: '[text]', text: '[text]' });
    expect(JSON.stringify(ofKind('click'))).not.toContain('basket');
  });
});

describe('editable regions', () => {
  it('describe a click in or around a contenteditable without its text', async () => {
    document.body.innerHTML = `
      <div class="note"><span>Draft</span>
        <div id="editor" contenteditable="true" aria-label="Your note"><p>Meet <b>Octave</b> at noon</p></div>
      </div>
      <div role="textbox" id="custom">Octave typed here</div>`;
    const { ofKind } = started('balanced');
    await flush();
    clickOn(document.querySelector('b')!);
    clickOn(document.querySelector('.note')!);
    clickOn(document.getElementById('custom')!);
    await flush();
    const [inside, around, custom] = ofKind('click').map((event) => event.target);
    expect(inside).toMatchObject({ tag: 'div', role: 'textbox', name: 'Your note', text: null });
    expect(inside!.selectors).toContainEqual(['#editor']);
    expect(around!.text).toBe('Draft');
    expect(custom).toMatchObject({ role: 'textbox', text: null });
    expect(JSON.stringify(ofKind('click'))).not.toContain('Octave');
  });
});
