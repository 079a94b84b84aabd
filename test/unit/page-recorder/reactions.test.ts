// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REACTION_WATCH_MS } from '@/lib/page-recorder/dom-reaction';
import { FEEDBACK_WATCH_MS } from '@/lib/page-recorder/form-feedback';
import { beginOwnScroll, endOwnScroll } from '@/lib/page-recorder/own-scroll';
import { click, flush, NOT_RECORDING, press, RESUMED, start, stopRecorders, submitted } from './harness';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function submit(form: HTMLFormElement): void {
  submitted(form);
}

describe('page recorder: the first DOM change after a click', () => {
  it('reports the change a click made, for that click, once', async () => {
    document.body.innerHTML = '<button id="add">Add to cart</button><span id="count">0</span>';
    const button = document.getElementById('add') as HTMLButtonElement;
    button.addEventListener('click', () => {
      setTimeout(() => {
        (document.getElementById('count') as HTMLElement).textContent = '1';
        document.body.append(document.createElement('p'));
      }, 300);
    });
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(300);
    await vi.advanceTimersByTimeAsync(1000);
    const [clickEvent] = ofKind('click');
    expect(ofKind('dom-change')).toEqual([
      expect.objectContaining({ kind: 'dom-change', forEventId: clickEvent?.id, delayMs: expect.any(Number), mutations: 2 }),
    ]);
    expect(ofKind('dom-change')[0]?.delayMs).toBeGreaterThanOrEqual(300);
    // Later changes are no longer the click's doing.
    document.body.append(document.createElement('p'));
    await flush();
    expect(ofKind('dom-change')).toHaveLength(1);
  });

  it('takes no change the page makes while Parcours scrolls it (a full-page capture) for the click’s answer', async () => {
    document.body.innerHTML = '<button id="track">Track my order</button><img id="lazy">';
    const button = document.getElementById('track') as HTMLButtonElement;
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    beginOwnScroll(window);
    // Lazy content arriving as the capture scrolls down.
    (document.getElementById('lazy') as HTMLImageElement).setAttribute('src', '/mug.jpg');
    document.body.append(document.createElement('p'));
    await flush();
    endOwnScroll(window);
    await flush();
    expect(ofKind('dom-change')).toEqual([]);
    // The watch goes on: a change after the capture is still the click's.
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Order 123 is on its way' }));
    await flush();
    expect(ofKind('dom-change')).toHaveLength(1);
  });

  it('reports nothing for a click the page ignored, and stops watching after the watch window', async () => {
    document.body.innerHTML = '<button id="track">Track my order</button>';
    const button = document.getElementById('track') as HTMLButtonElement;
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(REACTION_WATCH_MS + 10);
    document.body.append(document.createElement('p'));
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('does not take a change of Parcours’ own UI for the page’s answer', async () => {
    document.body.innerHTML = '<button id="track">Track</button><div data-parcours-ui id="overlay"><span></span></div>';
    const button = document.getElementById('track') as HTMLButtonElement;
    const overlay = document.getElementById('overlay') as HTMLElement;
    const { ofKind } = start();
    await flush();
    press(button);
    overlay.style.visibility = 'hidden';
    click(button);
    overlay.style.removeProperty('visibility');
    (overlay.firstElementChild as HTMLElement).textContent = 'Tagged';
    const host = document.createElement('div');
    host.setAttribute('data-parcours-ui', '');
    document.body.append(host);
    await vi.advanceTimersByTimeAsync(100);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('credits the click with a change made at the press (a menu that opens on mousedown), dated at the click', async () => {
    document.body.innerHTML = '<button id="menu">Menu</button>';
    const button = document.getElementById('menu') as HTMLButtonElement;
    button.addEventListener('pointerdown', () => button.setAttribute('aria-expanded', 'true'));
    const { ofKind } = start();
    await flush();
    press(button);
    await flush();
    await vi.advanceTimersByTimeAsync(120);
    click(button);
    await flush();
    const [clickEvent] = ofKind('click');
    const [change] = ofKind('dom-change');
    expect(change).toMatchObject({ forEventId: clickEvent?.id, delayMs: 0, mutations: 1 });
    expect(change?.epochMs).toBeGreaterThanOrEqual(clickEvent?.epochMs ?? Number.POSITIVE_INFINITY);
  });

  it('sees a component that only changes its own shadow root', async () => {
    const host = document.createElement('shop-buy-box');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<button>Add</button><output>0</output>';
    const button = shadow.querySelector('button') as HTMLButtonElement;
    button.addEventListener('click', () => {
      (shadow.querySelector('output') as HTMLOutputElement).textContent = '1';
    });
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    await flush();
    expect(ofKind('dom-change')).toHaveLength(1);
  });

  it('does not count the clicked element’s own look, a ripple without text, or scripts a tag manager adds', async () => {
    document.body.innerHTML = '<div class="card"><button id="track">Track my order</button></div>';
    const button = document.getElementById('track') as HTMLButtonElement;
    button.addEventListener('pointerdown', () => {
      button.classList.add('is-pressed');
      (button.parentElement as HTMLElement).style.outline = '1px solid';
    });
    button.addEventListener('click', () => {
      button.dataset.clicked = 'yes';
      button.append(document.createElement('span'));
      document.head.append(document.createElement('script'));
      document.body.append(document.createElement('script'), document.createComment('tracked'));
    });
    const { ofKind } = start();
    await flush();
    press(button);
    await flush();
    click(button);
    await vi.advanceTimersByTimeAsync(3000);
    expect(ofKind('click')).toHaveLength(1);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('counts a change of the clicked element’s state or text (a toggle, "Added")', async () => {
    document.body.innerHTML = '<button id="save" aria-pressed="false">Save</button><button id="add">Add</button>';
    const save = document.getElementById('save') as HTMLButtonElement;
    const add = document.getElementById('add') as HTMLButtonElement;
    save.addEventListener('click', () => save.setAttribute('aria-pressed', 'true'));
    add.addEventListener('click', () => {
      add.textContent = 'Added';
    });
    const { ofKind } = start();
    await flush();
    for (const button of [save, add]) {
      press(button);
      click(button);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(ofKind('dom-change')).toHaveLength(2);
  });

  it('does not credit a keyboard click with a change that followed an earlier press elsewhere', async () => {
    document.body.innerHTML = '<button id="a">A</button><button id="b">B</button>';
    const a = document.getElementById('a') as HTMLButtonElement;
    const b = document.getElementById('b') as HTMLButtonElement;
    const { ofKind } = start();
    await flush();
    press(a);
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(3000);
    click(b, { detail: 0 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(ofKind('click')).toHaveLength(1);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('reports nothing when the walk is paused before the page answers', async () => {
    document.body.innerHTML = '<button id="add">Add</button>';
    const button = document.getElementById('add') as HTMLButtonElement;
    button.addEventListener('click', () => setTimeout(() => document.body.append(document.createElement('p')), 500));
    const { ofKind, recorder } = start();
    await flush();
    press(button);
    click(button);
    recorder.setState({ ...RESUMED, recording: false, status: 'paused' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('sees a script changing a field’s value (a quantity stepper), which changes no DOM node, without ever sending the value', async () => {
    document.body.innerHTML = '<input id="qty" type="number" value="1"><button id="plus" aria-label="Increase quantity">+</button>';
    const input = document.getElementById('qty') as HTMLInputElement;
    const button = document.getElementById('plus') as HTMLButtonElement;
    button.addEventListener('click', () => setTimeout(() => (input.value = '2'), 200));
    const { ofKind, sent } = start();
    await flush();
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(100);
    expect(ofKind('dom-change')).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(ofKind('dom-change')).toEqual([expect.objectContaining({ forEventId: ofKind('click')[0]?.id, mutations: 0, valuesChanged: 1 })]);
    expect(JSON.stringify(sent)).not.toContain('"2"');
  });

  it('compares a field the page added since the last press, and the value checks go on until the last one', async () => {
    document.body.innerHTML = '<button id="plus" aria-label="Increase quantity">+</button>';
    const button = document.getElementById('plus') as HTMLButtonElement;
    const { ofKind } = start();
    await flush();
    // A first press, before the field exists (the document's field list is made then).
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(3000);
    const input = Object.assign(document.createElement('input'), { id: 'qty', type: 'number', value: '1' });
    document.body.append(input);
    // The stepper changes the value late, between the third and the last value check.
    button.addEventListener('click', () => setTimeout(() => (input.value = '2'), 1500));
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(1200);
    expect(ofKind('dom-change')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1400);
    expect(ofKind('dom-change')).toEqual([expect.objectContaining({ forEventId: ofKind('click')[1]?.id, mutations: 0, valuesChanged: 1 })]);
  });

  it('past 500 fields, compares the first 500 in document order, whatever their kind', async () => {
    const inputs = Array.from({ length: 600 }, (_, i) => `<input name="f${i}" value="x">`).join('');
    document.body.innerHTML = `<textarea id="note">a</textarea>${inputs}<button id="fill">Fill in</button>`;
    const note = document.getElementById('note') as HTMLTextAreaElement;
    const last = document.querySelector('input[name="f599"]') as HTMLInputElement;
    const button = document.getElementById('fill') as HTMLButtonElement;
    button.addEventListener('click', () =>
      setTimeout(() => {
        note.value = 'b';
        last.value = 'y';
      }, 20),
    );
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    await vi.advanceTimersByTimeAsync(100);
    // The textarea comes first in the document: compared; the 600th input is past the cut-off: not.
    expect(ofKind('dom-change')).toEqual([expect.objectContaining({ mutations: 0, valuesChanged: 1 })]);
  });

  it('stops watching a press without its click once the watch window is over', async () => {
    document.body.innerHTML = '<div id="handle">Drag me</div><p id="msg"></p><button id="go">Go</button>';
    const { ofKind } = start();
    await flush();
    press(document.getElementById('handle') as HTMLElement);
    await vi.advanceTimersByTimeAsync(REACTION_WATCH_MS + 10);
    // A change long after the press is not taken for an answer to it, not even by a click that follows.
    (document.getElementById('msg') as HTMLElement).textContent = 'Saved';
    await flush();
    click(document.getElementById('go') as HTMLElement, { detail: 0 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(ofKind('click')).toHaveLength(1);
    expect(ofKind('dom-change')).toEqual([]);
  });

  it('answers only the latest click of a series', async () => {
    document.body.innerHTML = '<button id="promo">Apply promo code</button><p id="msg"></p>';
    const button = document.getElementById('promo') as HTMLButtonElement;
    let clicks = 0;
    button.addEventListener('click', () => {
      clicks += 1;
      if (clicks === 4) (document.getElementById('msg') as HTMLElement).textContent = 'Applied';
    });
    const { ofKind } = start();
    await flush();
    for (let i = 0; i < 4; i++) {
      press(button);
      click(button);
      await vi.advanceTimersByTimeAsync(150);
    }
    const clickIds = ofKind('click').map((event) => event.id);
    expect(clickIds).toHaveLength(4);
    expect(ofKind('dom-change').map((event) => event.forEventId)).toEqual([clickIds[3]]);
  });

  it('watches nothing while the tab is not recorded', async () => {
    document.body.innerHTML = '<button id="add">Add</button>';
    const button = document.getElementById('add') as HTMLButtonElement;
    button.addEventListener('click', () => document.body.append(document.createElement('p')));
    const { sent } = start({ hello: () => Promise.resolve(NOT_RECORDING) });
    await flush();
    press(button);
    click(button);
    await flush();
    expect(sent).toEqual([]);
  });
});

describe('page recorder: how a page refuses a form', () => {
  const SIGNUP = `
    <form id="signup" novalidate>
      <label for="user">Username</label><input id="user" name="user">
      <p id="user-error" hidden></p>
      <button type="submit">Sign up</button>
    </form>
    <div id="summary" role="alert" hidden></div>`;

  function refuseWithScript(message: string) {
    const form = document.getElementById('signup') as HTMLFormElement;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const field = document.getElementById('user') as HTMLInputElement;
      field.setAttribute('aria-invalid', 'true');
      const error = document.getElementById('user-error') as HTMLElement;
      error.textContent = message;
      error.hidden = false;
      field.setAttribute('aria-describedby', 'user-error');
      const summary = document.getElementById('summary') as HTMLElement;
      summary.textContent = 'Please correct 1 field below.';
      summary.hidden = false;
    });
    return form;
  }

  it('reports a field the page marked aria-invalid with its error message, and the alert it showed, without what was typed', async () => {
    document.body.innerHTML = SIGNUP;
    const form = refuseWithScript('This username is taken by sandrine@example.org');
    const field = document.getElementById('user') as HTMLInputElement;
    field.value = 'jdoe42';
    const summary = document.getElementById('summary') as HTMLElement;
    form.addEventListener('submit', () => {
      summary.textContent = 'The name jdoe42 is taken.';
    });
    const { ofKind, sent } = start();
    await flush();
    submit(form);
    await flush();
    expect(ofKind('invalid')).toEqual([
      expect.objectContaining({
        source: 'aria-invalid',
        validationMessage: 'This username is taken by [email]',
        field: expect.objectContaining({ name: 'user', label: 'Username' }),
      }),
    ]);
    expect(ofKind('invalid')[0]).not.toHaveProperty('onArrival');
    // The summary is outside the form: an alert, but not the form's own.
    expect(ofKind('form-alert')).toEqual([expect.objectContaining({ text: 'The name [typed] is taken.', inForm: false })]);
    expect(JSON.stringify(sent)).not.toContain('jdoe42');
  });

  it('does not report fields marked while typing (inline validation), only after the form is sent', async () => {
    document.body.innerHTML = SIGNUP;
    const form = document.getElementById('signup') as HTMLFormElement;
    const field = document.getElementById('user') as HTMLInputElement;
    const { ofKind } = start();
    await flush();
    field.setAttribute('aria-invalid', 'true');
    await flush();
    field.removeAttribute('aria-invalid');
    await flush();
    expect(ofKind('invalid')).toEqual([]);
    submit(form);
    field.setAttribute('aria-invalid', 'true');
    await flush();
    expect(ofKind('invalid')).toHaveLength(1);
  });

  it('sees a field inserted already marked, with its error message in its own shadow root', async () => {
    document.body.innerHTML = '<form id="f"><button>Send</button></form>';
    const form = document.getElementById('f') as HTMLFormElement;
    form.addEventListener('submit', () => {
      const host = document.createElement('shop-field');
      const shadow = host.attachShadow({ mode: 'open' });
      shadow.innerHTML = '<p id="zip-error">Unknown postcode</p>';
      const field = document.createElement('input');
      field.setAttribute('aria-label', 'Postcode');
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-errormessage', 'zip-error');
      shadow.prepend(field);
      form.prepend(host);
      const city = document.createElement('input');
      city.setAttribute('aria-label', 'City');
      city.setAttribute('aria-invalid', 'true');
      form.prepend(city);
    });
    const { ofKind } = start();
    await flush();
    submit(form);
    await flush();
    // The light-DOM field is seen as it is inserted; the shadow root's field is out of the document's sight.
    expect(ofKind('invalid').map((event) => [event.field.label, event.validationMessage])).toEqual([['City', '']]);
  });

  it('takes the browser’s refusal and the page marking the same field for one refusal', async () => {
    document.body.innerHTML = '<form><input id="email" name="email" type="email" required><button>Go</button></form>';
    const field = document.getElementById('email') as HTMLInputElement;
    const form = field.form as HTMLFormElement;
    field.addEventListener('invalid', () => field.setAttribute('aria-invalid', 'true'));
    const { ofKind } = start();
    await flush();
    submit(form);
    form.checkValidity();
    await flush();
    expect(ofKind('invalid').map((event) => event.source)).toEqual(['constraint']);
  });

  it('reports the same message again after the form is sent again', async () => {
    document.body.innerHTML = '<form id="login"><input name="user"><p role="alert" id="status"></p><button>Sign in</button></form>';
    const form = document.getElementById('login') as HTMLFormElement;
    const status = document.getElementById('status') as HTMLElement;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      status.textContent = 'Wrong password';
    });
    const { ofKind } = start();
    await flush();
    submit(form);
    await flush();
    await vi.advanceTimersByTimeAsync(FEEDBACK_WATCH_MS + 10);
    submit(form);
    await flush();
    expect(ofKind('form-alert')).toEqual([
      expect.objectContaining({ text: 'Wrong password', inForm: true }),
      expect.objectContaining({ text: 'Wrong password', inForm: true }),
    ]);
  });

  it('reports an alert only when its text is new and shown, and only soon after the tester sent a form', async () => {
    document.body.innerHTML = `${SIGNUP}<p id="banner" role="alert">Sale ends tonight</p>`;
    const form = document.getElementById('signup') as HTMLFormElement;
    const summary = document.getElementById('summary') as HTMLElement;
    const banner = document.getElementById('banner') as HTMLElement;
    const { ofKind } = start();
    await flush();
    // Not after a submit: not watched.
    summary.textContent = 'Ignored';
    summary.hidden = false;
    await flush();
    submit(form);
    summary.textContent = 'Ignored';
    banner.className = 'flash';
    summary.textContent = 'Wrong password';
    summary.hidden = true;
    await flush();
    expect(ofKind('form-alert')).toEqual([]);
    summary.hidden = false;
    await flush();
    expect(ofKind('form-alert').map((event) => event.text)).toEqual(['Wrong password']);
    await vi.advanceTimersByTimeAsync(FEEDBACK_WATCH_MS + 10);
    summary.textContent = 'Too late';
    await flush();
    expect(ofKind('form-alert').map((event) => event.text)).toEqual(['Wrong password']);
  });

  it('watches alerts after a click on a form’s scripted button too, and sees an alert added whole', async () => {
    document.body.innerHTML = '<form><input name="code"><button type="button" id="apply">Apply</button></form>';
    const button = document.getElementById('apply') as HTMLButtonElement;
    button.addEventListener('click', () => {
      const alert = document.createElement('div');
      alert.setAttribute('aria-live', 'assertive');
      alert.textContent = 'This code has expired';
      document.body.append(alert);
    });
    const { ofKind } = start();
    await flush();
    press(button);
    click(button);
    await flush();
    expect(ofKind('form-alert').map((event) => event.text)).toEqual(['This code has expired']);
  });

  it('reports fields already marked when the page arrives, once, as found on arrival', async () => {
    document.body.innerHTML = '<form><label for="u">Username</label><input id="u" aria-invalid="true"><div aria-invalid="true">not a field</div></form>';
    const { ofKind } = start();
    await flush();
    expect(ofKind('invalid')).toEqual([
      expect.objectContaining({ source: 'aria-invalid', onArrival: true, field: expect.objectContaining({ label: 'Username' }) }),
    ]);
  });

  it('reports nothing while the tab is not recorded', async () => {
    document.body.innerHTML = SIGNUP;
    const form = refuseWithScript('Taken');
    const { sent } = start({ hello: () => Promise.resolve(NOT_RECORDING) });
    await flush();
    submit(form);
    await flush();
    expect(sent).toEqual([]);
  });
});
