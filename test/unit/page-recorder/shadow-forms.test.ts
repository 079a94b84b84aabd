// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchShadowRoots } from '@/lib/page-recorder/shadow-roots';
import { change, click, dispatchTrusted, flush, keydown, nestedShadows, openShadow, press, start, stopRecorders, submitted, typed } from './harness';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const SECRET = 'hunter2-correct-horse';

describe('watchShadowRoots', () => {
  it('reports every open root on the path of a composed event, nested ones included, each once', () => {
    const roots = nestedShadows(['app', 'input', 'field'], '<input id="new-todo">');
    const found: ShadowRoot[] = [];
    const stop = watchShadowRoots(window, (root) => found.push(root));
    const input = (roots[2] as ShadowRoot).getElementById('new-todo') as HTMLInputElement;
    press(input);
    input.focus();
    keydown(input, 'a');
    typed(input);
    click(input);
    // Innermost first, as the path runs.
    expect(found).toEqual([...roots].reverse());
    stop();
  });

  it('reports no closed root (the window sees only its host), nor Parcours’ own UI', () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const closed = host.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<input>';
    const { shadow: own } = openShadow('parcours-overlay', '<button type="button">Note</button>', { 'data-parcours-ui': '' });
    const found: ShadowRoot[] = [];
    const stop = watchShadowRoots(window, (root) => found.push(root));
    press(closed.querySelector('input') as HTMLInputElement);
    press(own.querySelector('button') as HTMLButtonElement);
    expect(found).toEqual([]);
    stop();
  });

  it('stops listening when stopped', () => {
    const { shadow } = openShadow('w', '<input>');
    const found: ShadowRoot[] = [];
    watchShadowRoots(window, (root) => found.push(root))();
    press(shadow.querySelector('input') as HTMLInputElement);
    expect(found).toEqual([]);
  });
});

describe('startPageRecorder: forms inside shadow roots', () => {
  it('records a change three open roots deep once a press reached the field, without focus', async () => {
    const roots = nestedShadows(['todo-app', 'todo-list', 'todo-item'], '<input type="checkbox" id="toggle" aria-label="Toggle Todo">');
    const { ofKind } = start();
    await flush();
    const box = (roots[2] as ShadowRoot).getElementById('toggle') as HTMLInputElement;
    press(box);
    box.checked = true;
    change(box);
    await flush();
    const [changed] = ofKind('field-change');
    expect(ofKind('field-change')).toHaveLength(1);
    expect(changed).toMatchObject({ checked: true, field: { inputType: 'checkbox', label: 'Toggle Todo' } });
    expect(changed!.field.selectors).toContainEqual(['#todo-app', '#todo-list', '#todo-item', '#toggle']);
  });

  it('registers each root once: many presses, focus moves and keys, one change recorded once', async () => {
    const roots = nestedShadows(['outer', 'inner'], '<input name="a"><input name="b">');
    const { ofKind } = start();
    await flush();
    const [a, b] = Array.from((roots[1] as ShadowRoot).querySelectorAll('input'));
    for (let i = 0; i < 5; i++) {
      press(a!);
      a!.focus();
      keydown(a!, 'x');
      typed(a!);
      b!.focus();
    }
    change(a!);
    await flush();
    expect(ofKind('field-change')).toHaveLength(1);
  });

  it('does not record a change in a root from the outer root as well (no duplicate per level)', async () => {
    const roots = nestedShadows(['outer', 'inner'], '<input name="deep">');
    (roots[0] as ShadowRoot).appendChild(document.createElement('input')).setAttribute('name', 'shallow');
    const { ofKind } = start();
    await flush();
    const deep = (roots[1] as ShadowRoot).querySelector('input')!;
    const shallow = (roots[0] as ShadowRoot).querySelector('input[name="shallow"]') as HTMLInputElement;
    press(deep);
    press(shallow);
    change(deep);
    change(shallow);
    await flush();
    expect(ofKind('field-change').map((draft) => draft.field.name)).toEqual(['deep', 'shallow']);
  });

  it('records a submit inside an open root, with the texts that name the form', async () => {
    const { shadow } = openShadow(
      'signup',
      `<h2>Newsletter</h2>
       <form id="f"><label for="mail">E-mail</label><input id="mail" name="mail"><button>Subscribe</button></form>`,
    );
    const { ofKind } = start();
    await flush();
    const input = shadow.querySelector('input')!;
    input.focus();
    input.value = SECRET;
    const form = shadow.querySelector('form')!;
    submitted(form, shadow.querySelector('button'));
    await flush();
    const [submit] = ofKind('submit');
    expect(submit?.form).toMatchObject({ name: 'f', heading: 'Newsletter', submitText: 'Subscribe', label: null, legend: null, fieldCount: 1 });
    expect(submit!.form.selectors).toContainEqual(['#signup', '#f']);
  });

  it('records an invalid field two roots deep once a key press reached it', async () => {
    const roots = nestedShadows(['shell', 'signup'], '<input name="age" type="number" required>');
    const { ofKind } = start();
    await flush();
    const input = (roots[1] as ShadowRoot).querySelector('input')!;
    keydown(input, 'Tab');
    input.checkValidity();
    await flush();
    expect(ofKind('invalid').map((draft) => draft.field.name)).toEqual(['age']);
  });

  it('watches the page’s answer to a form sent with Enter inside a shadow root: a field it marks refused', async () => {
    const { shadow } = openShadow(
      'signup',
      '<form id="f" novalidate><label for="user">Username</label><input id="user" name="user"><p id="user-error"></p><button>Join</button></form>',
    );
    const form = shadow.querySelector('form')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const field = shadow.getElementById('user') as HTMLInputElement;
      (shadow.getElementById('user-error') as HTMLElement).textContent = 'This username is taken';
      field.setAttribute('aria-describedby', 'user-error');
      field.setAttribute('aria-invalid', 'true');
    });
    const { ofKind } = start();
    await flush();
    const input = shadow.getElementById('user') as HTMLInputElement;
    keydown(input, 'Enter');
    // No submit button clicked (which the window sees): only the root's own listener sees this submit.
    dispatchTrusted(form, new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(ofKind('submit')).toHaveLength(1);
    expect(ofKind('key')).toHaveLength(0);
    expect(ofKind('invalid')).toEqual([
      expect.objectContaining({ source: 'aria-invalid', validationMessage: 'This username is taken', field: expect.objectContaining({ label: 'Username' }) }),
    ]);
  });

  it('leaves the listeners on roots inert once stopped', async () => {
    const { shadow } = openShadow('w', '<input name="a">');
    const { ofKind } = start();
    await flush();
    const input = shadow.querySelector('input')!;
    press(input);
    stopRecorders();
    change(input);
    await flush();
    expect(ofKind('field-change')).toHaveLength(0);
  });
});

describe('startPageRecorder: closed shadow roots', () => {
  function closedWidget(attributes: Record<string, string> = {}): { host: HTMLElement; inner: HTMLInputElement } {
    const host = document.createElement('todo-owner');
    for (const [name, value] of Object.entries(attributes)) host.setAttribute(name, value);
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = '<input id="inner" name="owner">';
    return { host, inner: root.querySelector('input') as HTMLInputElement };
  }

  it('records typing in a closed root as a change of its host, never the value nor its length', async () => {
    document.body.innerHTML = '<span id="owner-label">Assigned to</span>';
    const { inner } = closedWidget({ id: 'owner', 'aria-labelledby': 'owner-label' });
    const { ofKind, sent } = start();
    await flush();
    inner.value = SECRET;
    typed(inner);
    await flush();
    const [changed] = ofKind('field-change');
    expect(changed).toMatchObject({
      valueLength: null,
      field: { tag: 'todo-owner', inputType: null, label: 'Assigned to', closedRoot: true, sensitive: false },
    });
    expect(changed!.field.selectors).toContainEqual(['#owner']);
    expect(JSON.stringify(sent)).not.toContain(SECRET);
  });

  it('records one change per visit: again only after the focus left the host, or Enter was pressed in it', async () => {
    const { host, inner } = closedWidget({ 'aria-label': 'Assigned to' });
    document.body.insertAdjacentHTML('beforeend', '<input id="other">');
    const { ofKind } = start();
    await flush();
    inner.focus();
    typed(inner);
    typed(inner);
    typed(inner);
    await flush();
    expect(ofKind('field-change')).toHaveLength(1);
    (document.getElementById('other') as HTMLInputElement).focus();
    inner.focus();
    typed(inner);
    keydown(inner, 'Enter');
    typed(inner);
    await flush();
    expect(ofKind('field-change')).toHaveLength(3);
    // Enter at a closed host is no key action: what the field is (a textarea?) cannot be seen.
    expect(ofKind('key')).toHaveLength(0);
    expect(ofKind('field-change').every((draft) => draft.field.label === 'Assigned to' && draft.field.tag === host.localName)).toBe(true);
  });

  it('names a host by a label pointing at its id, and calls a host named like a secret sensitive', async () => {
    document.body.innerHTML = '<label for="pin-pad">PIN</label>';
    const { inner } = closedWidget({ id: 'pin-pad' });
    const { ofKind } = start();
    await flush();
    typed(inner);
    await flush();
    expect(ofKind('field-change')[0]?.field).toMatchObject({ label: 'PIN', sensitive: true });
  });

  it('ignores untrusted input events (a page script), and those of open fields and editable regions', async () => {
    const { inner } = closedWidget({ 'aria-label': 'Assigned to' });
    document.body.insertAdjacentHTML('beforeend', '<div contenteditable="true" id="editor"><b id="bold">x</b></div><input id="plain">');
    const { ofKind } = start();
    await flush();
    typed(inner, false);
    typed(document.getElementById('bold')!);
    typed(document.getElementById('plain')!);
    await flush();
    expect(ofKind('field-change')).toHaveLength(0);
  });
});

describe('startPageRecorder: Enter in a field with no form', () => {
  it('records Enter in a form-less text field as a key action with the field and its length, and asks for its screenshot', async () => {
    document.body.innerHTML = '<input class="new-todo" placeholder="What needs to be done?">';
    const { ofKind, clickShots } = start();
    await flush();
    const input = document.querySelector('input')!;
    input.value = 'Buy milk';
    keydown(input, 'Enter');
    await flush();
    const [key] = ofKind('key');
    expect(key).toMatchObject({
      kind: 'key',
      key: 'Enter',
      valueLength: 8,
      devicePixelRatio: window.devicePixelRatio || 1,
      field: { tag: 'input', inputType: 'text', label: 'What needs to be done?' },
    });
    expect(clickShots().map((shot) => shot.eventId)).toEqual([key!.id]);
    expect(JSON.stringify(key)).not.toContain('Buy milk');
  });

  it('records it three open roots deep', async () => {
    const roots = nestedShadows(['todo-app', 'todo-input', 'field'], '<input placeholder="What needs to be done?">');
    const { ofKind } = start();
    await flush();
    keydown((roots[2] as ShadowRoot).querySelector('input')!, 'Enter');
    await flush();
    expect(ofKind('key')[0]?.field.selectors).toContainEqual(['#todo-app', '#todo-input', '#field', 'input']);
  });

  it('records no key action for Enter in a textarea (a new line), in a form (its submit is recorded), or in a checkbox', async () => {
    document.body.innerHTML = '<textarea name="note"></textarea><form><input name="q"></form><input type="checkbox" name="done">';
    const { ofKind } = start();
    await flush();
    keydown(document.querySelector('textarea')!, 'Enter');
    keydown(document.querySelector('input[name="q"]')!, 'Enter');
    keydown(document.querySelector('input[name="done"]')!, 'Enter');
    await flush();
    expect(ofKind('key')).toHaveLength(0);
  });

  it('records only the tester’s own plain Enter: not untrusted, other keys, modifiers, held down or composing', async () => {
    document.body.innerHTML = '<input name="todo">';
    const { ofKind } = start();
    await flush();
    const input = document.querySelector('input')!;
    keydown(input, 'Enter', { trusted: false });
    keydown(input, 'a');
    keydown(input, 'Enter', { ctrlKey: true });
    keydown(input, 'Enter', { altKey: true });
    keydown(input, 'Enter', { metaKey: true });
    keydown(input, 'Enter', { repeat: true });
    keydown(input, 'Enter', { isComposing: true });
    await flush();
    expect(ofKind('key')).toHaveLength(0);
    keydown(input, 'Enter', { shiftKey: true });
    await flush();
    expect(ofKind('key')).toHaveLength(1);
  });

  it('never yields the value of a sensitive field, nor its length', async () => {
    document.body.innerHTML = '<input type="password" name="pin" aria-label="Unlock code">';
    const { ofKind, sent, persisted } = start();
    await flush();
    const input = document.querySelector('input')!;
    input.value = SECRET;
    keydown(input, 'Enter');
    await flush();
    expect(ofKind('key')[0]).toMatchObject({ valueLength: null, field: { sensitive: true, inputType: 'password' } });
    expect(JSON.stringify(sent)).not.toContain(SECRET);
    expect(JSON.stringify(persisted)).not.toContain(SECRET);
  });

  it('ignores Enter in Parcours’ own UI and while the walk is paused', async () => {
    const { shadow } = openShadow('parcours-overlay', '<input name="note">', { 'data-parcours-ui': '' });
    document.body.insertAdjacentHTML('beforeend', '<input name="todo">');
    const { ofKind, recorder } = start();
    await flush();
    keydown(shadow.querySelector('input')!, 'Enter');
    recorder.setState({ recording: false, sessionId: 's1', status: 'paused', masking: 'balanced' });
    keydown(document.querySelector('input[name="todo"]')!, 'Enter');
    await flush();
    expect(ofKind('key')).toHaveLength(0);
  });
});
