// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageEventDraft } from '@/lib/capture/events';
import { PERSIST_AFTER_MS, type SendOutcome } from '@/lib/page-recorder/outbox';
import { change, click, dispatchTrusted, flush, type HelloAnswer, NOT_RECORDING, openShadow, press, RECORDING, RESUMED, start, stopRecorders } from './harness';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('startPageRecorder: clicks', () => {
  it('turns a press and its click into one click event whose id is the screenshot request’s event id', async () => {
    document.body.innerHTML = '<button type="button" id="add">Add to cart</button>';
    const { ofKind, clickShots } = start();
    await flush();
    const button = document.getElementById('add')!;
    press(button, { clientX: 40, clientY: 25 });
    expect(clickShots()).toHaveLength(1);
    click(button);
    await flush();

    const clicks = ofKind('click');
    expect(clicks).toHaveLength(1);
    const [shot] = clickShots();
    expect(clickShots()).toHaveLength(1);
    expect(clicks[0]!.id).toBe(shot!.eventId);
    // The screenshot and the click mark the point of the press.
    expect(shot!.point).toEqual({ x: 40, y: 25 });
    expect(clicks[0]).toMatchObject({
      kind: 'click',
      point: { x: 40, y: 25 },
      button: 0,
      pointerType: 'mouse',
      clickCount: 1,
      frame: null,
      frameUrl: window.location.href,
      target: { tag: 'button', role: 'button', name: 'Add to cart', inShadow: false },
    });
    expect(clicks[0]!.target.selectors).toContainEqual(['#add']);
  });

  it('asks for the screenshot at the press, before the page reacts to the click', async () => {
    document.body.innerHTML = '<button type="button">Open</button>';
    const { clickShots, ofKind } = start();
    await flush();
    const button = document.querySelector('button')!;
    press(button);
    expect(clickShots()).toHaveLength(1);
    expect(ofKind('click')).toHaveLength(0);
  });

  it('sends with a press’s screenshot request what the frame must hide as it was at the press, before the page reacts', async () => {
    document.body.innerHTML = '<button type="button">Continue</button><input id="name" value="Sandrine">';
    const button = document.querySelector('button')!;
    // The page moves on at the press (the next step of a form): the boxes were found before.
    button.addEventListener('pointerdown', () => document.getElementById('name')?.remove());
    const seen: boolean[] = [];
    const { clickShots } = start({
      privateBoxesNow: () => {
        seen.push(document.getElementById('name') != null);
        return { viewport: { width: 1024, height: 768 }, boxes: [{ x: 0, y: 0, width: 10, height: 10 }], slots: [], tookMs: 1 };
      },
    });
    await flush();
    press(button);
    await flush();
    expect(seen).toEqual([true]);
    expect(clickShots()[0]?.boxes?.boxes).toEqual([{ x: 0, y: 0, width: 10, height: 10 }]);
  });

  it('sends no boxes when finding them fails (the background asks the frame again)', async () => {
    document.body.innerHTML = '<button type="button">Open</button>';
    const { clickShots } = start({
      privateBoxesNow: () => {
        throw new Error('no layout');
      },
    });
    await flush();
    press(document.querySelector('button')!);
    await flush();
    expect(clickShots()).toHaveLength(1);
    expect(clickShots()[0]?.boxes).toBeNull();
  });

  it('gives a click without a press (keyboard activation) its own screenshot request', async () => {
    document.body.innerHTML = '<button type="button" id="next">Next</button>';
    const { ofKind, clickShots } = start();
    await flush();
    click(document.getElementById('next')!, { detail: 0, clientX: 0, clientY: 0 });
    await flush();

    const clicks = ofKind('click');
    expect(clicks).toHaveLength(1);
    expect(clickShots()).toHaveLength(1);
    expect(clickShots()[0]!.eventId).toBe(clicks[0]!.id);
    expect(clicks[0]).toMatchObject({ pointerType: 'keyboard', clickCount: 0 });
  });

  it('does not reuse a press on another element: the click gets its own id and screenshot', async () => {
    document.body.innerHTML = '<button type="button" id="a">A</button><button type="button" id="b">B</button>';
    const { ofKind, clickShots } = start();
    await flush();
    press(document.getElementById('a')!);
    click(document.getElementById('b')!);
    await flush();

    const clicks = ofKind('click');
    expect(clicks).toHaveLength(1);
    expect(clickShots()).toHaveLength(2);
    expect(clicks[0]!.id).toBe(clickShots()[1]!.eventId);
    expect(clicks[0]!.target.name).toBe('B');
  });

  it('does not reuse a press older than five seconds (a long press or a drag)', async () => {
    document.body.innerHTML = '<button type="button">Hold</button>';
    const { ofKind, clickShots } = start();
    await flush();
    const button = document.querySelector('button')!;
    press(button);
    await vi.advanceTimersByTimeAsync(5_000);
    click(button);
    await flush();
    expect(clickShots()).toHaveLength(2);
    expect(ofKind('click')[0]!.id).toBe(clickShots()[1]!.eventId);
  });

  it('ignores presses of other buttons and of secondary pointers', async () => {
    document.body.innerHTML = '<button type="button">Menu</button>';
    const { clickShots } = start();
    await flush();
    const button = document.querySelector('button')!;
    press(button, { button: 2 });
    press(button, { isPrimary: false });
    expect(clickShots()).toHaveLength(0);
  });

  it('names the button when the press lands on an icon inside it', async () => {
    document.body.innerHTML = '<button type="button" aria-label="Close"><svg><path d="M0 0"></path></svg></button>';
    const { ofKind } = start();
    await flush();
    const icon = document.querySelector('path')!;
    press(icon);
    click(icon);
    await flush();
    expect(ofKind('click')[0]!.target).toMatchObject({ tag: 'button', name: 'Close' });
  });

  it('describes a button inside an open shadow root, with a selector chain through the host', async () => {
    const { shadow } = openShadow('shop-widget', '<div class="card"><span>Sneakers</span><button type="button">Buy now</button></div>');
    const { ofKind } = start();
    await flush();
    const button = shadow.querySelector('button')!;
    press(button);
    click(button);
    await flush();

    const [recorded] = ofKind('click');
    expect(recorded!.target).toMatchObject({ tag: 'button', name: 'Buy now', inShadow: true });
    const chain = recorded!.target.selectors.find((alternative) => alternative[0] === '#shop-widget');
    expect(chain).toHaveLength(2);
    expect(shadow.querySelector(chain![1]!)).toBe(button);
    expect(recorded!.target.selectors.some((alternative) => alternative[0]!.startsWith('xpath/'))).toBe(false);
  });
});

describe('startPageRecorder: forms', () => {
  const SECRET = 'hunter2-correct-horse';

  it('records focus and change of a field with the value length, never the value', async () => {
    document.body.innerHTML = '<label for="nick">Nickname</label><input id="nick" name="nickname">';
    const { ofKind, sent } = start();
    await flush();
    const input = document.querySelector('input')!;
    input.focus();
    input.value = SECRET;
    change(input);
    await flush();

    const [focus] = ofKind('field-focus');
    const [changed] = ofKind('field-change');
    expect(focus!.field).toMatchObject({ tag: 'input', inputType: 'text', name: 'nickname', label: 'Nickname' });
    expect(changed).toMatchObject({ kind: 'field-change', valueLength: SECRET.length, field: { name: 'nickname' } });
    expect(JSON.stringify(sent)).not.toContain(SECRET);
  });

  it('never sends or persists what is typed into a password field or a textarea', async () => {
    document.body.innerHTML = '<input type="password" name="pw"><textarea name="note"></textarea>';
    const { sent, persisted, ofKind } = start();
    await flush();
    for (const field of [document.querySelector('input')!, document.querySelector('textarea')!]) {
      field.focus();
      field.value = SECRET;
      change(field);
    }
    await flush();
    // Not even the length of a sensitive field's value.
    expect(ofKind('field-change').map((draft) => draft.valueLength)).toEqual([null, SECRET.length]);
    expect(ofKind('field-change')[0]!.field.sensitive).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(SECRET);
    expect(JSON.stringify(persisted)).not.toContain(SECRET);
  });

  it('records whether a checkbox is checked and which option a select shows, for non-sensitive fields', async () => {
    document.body.innerHTML = '<input type="checkbox" name="gift"><select name="size"><option>Small</option><option>Large</option></select>';
    const { ofKind } = start();
    await flush();
    const checkbox = document.querySelector('input')!;
    checkbox.checked = true;
    change(checkbox);
    const select = document.querySelector('select')!;
    select.selectedIndex = 1;
    change(select);
    await flush();
    const [box, size] = ofKind('field-change');
    expect(box).toMatchObject({ checked: true, valueLength: 'on'.length });
    expect(size).toMatchObject({ selectedText: 'Large', valueLength: 1 });
  });

  it('withholds the state of a sensitive select', async () => {
    document.body.innerHTML = '<select name="card_type"><option>Visa</option><option>Amex</option></select>';
    const { ofKind } = start();
    await flush();
    const select = document.querySelector('select')!;
    select.selectedIndex = 1;
    change(select);
    await flush();
    const [changed] = ofKind('field-change');
    expect(changed!.field.sensitive).toBe(true);
    expect(changed!.selectedText).toBeUndefined();
    expect(changed!.checked).toBeUndefined();
  });

  it('records a change inside an open shadow root once focus has entered it', async () => {
    const { shadow } = openShadow('address-form', '<label for="zip">Postal code</label><input id="zip" name="zip">');
    const { ofKind } = start();
    await flush();
    const input = shadow.querySelector('input')!;
    input.focus();
    input.value = '75011';
    change(input);
    await flush();

    expect(ofKind('field-focus')).toHaveLength(1);
    const [changed] = ofKind('field-change');
    expect(changed).toMatchObject({ valueLength: 5, field: { name: 'zip', label: 'Postal code' } });
    expect(changed!.field.selectors).toContainEqual(['#address-form', '#zip']);
  });

  it('records a change inside a shadow root only once, however often focus enters it', async () => {
    const { shadow } = openShadow('w', '<input name="a"><input name="b">');
    const { ofKind } = start();
    await flush();
    const [a, b] = Array.from(shadow.querySelectorAll('input'));
    a!.focus();
    b!.focus();
    a!.focus();
    change(a!);
    await flush();
    expect(ofKind('field-change')).toHaveLength(1);
  });

  it('records invalid fields with their validation message', async () => {
    document.body.innerHTML = '<form><input name="email" type="email" required></form>';
    const { ofKind } = start();
    await flush();
    const input = document.querySelector('input')!;
    input.setCustomValidity('Please fill in this field.');
    input.checkValidity();
    await flush();
    const [invalid] = ofKind('invalid');
    expect(invalid).toMatchObject({ kind: 'invalid', validationMessage: 'Please fill in this field.', field: { name: 'email', required: true } });
  });

  it('masks personal data in a validation message', async () => {
    document.body.innerHTML = '<input name="contact" required>';
    const { ofKind } = start();
    await flush();
    const input = document.querySelector('input')!;
    input.setCustomValidity('jane@example.com is already registered');
    input.checkValidity();
    await flush();
    expect(ofKind('invalid')[0]!.validationMessage).toBe('[email] is already registered');
  });

  it('records an invalid field inside a shadow root after focus entered it', async () => {
    const { shadow } = openShadow('signup', '<input name="age" type="number" required>');
    const { ofKind } = start();
    await flush();
    const input = shadow.querySelector('input')!;
    input.focus();
    input.checkValidity();
    await flush();
    const [invalid] = ofKind('invalid');
    expect(invalid!.field.name).toBe('age');
    expect(invalid!.validationMessage).toBe(input.validationMessage);
    expect(invalid!.validationMessage).not.toBe('');
  });
});

describe('startPageRecorder: recording state', () => {
  it('asks hello once when told to record without having asked, and then keeps safety copies', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    // First answer: the storage flag said nothing is recorded, so the frame learned no ids.
    const answers: HelloAnswer[] = [{ recording: false, sessionId: null, status: null, masking: null, sender: null }, RECORDING];
    // The background never answers: the events stay unacknowledged, so their copies are written.
    const sent: PageEventDraft[] = [];
    const { recorder, deps, persisted } = start({
      hello: async () => answers.shift() as HelloAnswer,
      sendEvents: (events) => {
        sent.push(...events);
        return new Promise<SendOutcome>(() => undefined);
      },
    });
    await flush();
    recorder.setState({ recording: true, sessionId: 's1', status: 'recording', masking: 'balanced' });
    click(document.querySelector('button')!, { detail: 0 });
    await flush();
    await vi.advanceTimersByTimeAsync(PERSIST_AFTER_MS);
    expect(deps.hello).toHaveBeenCalledTimes(2);
    const clickId = sent.find((event) => event.kind === 'click')!.id;
    expect(persisted.find((item) => item.event.id === clickId)?.owner).toEqual({ sessionId: 's1', tabId: 1, frameId: 0 });
  });

  it('says a batch is unowned while it knows no tab (no hello answered), so the background keeps its copy', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    let answer: (value: HelloAnswer) => void = () => undefined;
    const calls: { kinds: string[]; unowned: { documentId: string } | undefined }[] = [];
    const { deps } = start({
      documentId: 'doc-1',
      hello: () => new Promise<HelloAnswer>((resolve) => (answer = resolve)),
      sendEvents: async (events, unowned) => {
        calls.push({ kinds: events.map((event) => event.kind), unowned });
        return { acknowledged: events.map((event) => event.id) };
      },
    });
    expect(deps.hello).toHaveBeenCalledWith('doc-1');
    await flush();
    click(document.querySelector('button')!, { detail: 0 });
    // The page goes away before its hello is answered: what it recorded leaves, unowned.
    window.dispatchEvent(new Event('pagehide'));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    await flush();
    expect(calls.at(-1)).toMatchObject({ unowned: { documentId: 'doc-1' } });
    expect(calls.flatMap((call) => call.kinds)).toContain('click');
    // And the page keeps its own copy under its document's id: the message may die with a worker stopped.
    expect(deps.keepOrphan).toHaveBeenCalled();
    const orphan = vi.mocked(deps.keepOrphan!).mock.calls[0]![0];
    expect(orphan).toMatchObject({ documentId: 'doc-1', epochMs: expect.any(Number) });
    expect(orphan.events.map((event) => event.kind)).toContain('click');
    expect(orphan.shots.map((shot) => shot.eventId)).toEqual([orphan.events.find((event) => event.kind === 'click')!.id]);
    // Hidden right after pagehide, in the same task (as a browser does): the newer copy keeps the lost screenshot.
    expect(vi.mocked(deps.keepOrphan!).mock.calls.at(-1)![0].shots).toEqual(orphan.shots);
    answer(RECORDING);
    await flush();
    click(document.querySelector('button')!, { detail: 0 });
    await flush();
    await flush();
    expect(calls.at(-1)).toMatchObject({ kinds: ['click'], unowned: undefined });
    // A page that knows its tab keeps its copies its own way.
    const copies = vi.mocked(deps.keepOrphan!).mock.calls.length;
    window.dispatchEvent(new Event('pagehide'));
    expect(deps.keepOrphan).toHaveBeenCalledTimes(copies);
  });

  it('copies an event still unanswered to storage, with the session owner, when the page goes away', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    const sent: PageEventDraft[] = [];
    const { deps, persisted } = start({
      sendEvents: (events) => {
        sent.push(...events);
        return events.some((event) => event.kind === 'click')
          ? new Promise<SendOutcome>(() => undefined)
          : Promise.resolve({ acknowledged: events.map((event) => event.id) });
      },
    });
    await flush();
    click(document.querySelector('button')!, { detail: 0 });
    await flush();
    // Answered events are never copied; the click is not copied yet either (its answer may still come).
    expect(deps.persist).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('pagehide'));
    const recorded = sent.find((event) => event.kind === 'click')!;
    expect(persisted.map((item) => item.event.id)).toEqual([recorded.id]);
    expect(persisted[0]!.owner).toEqual({ sessionId: 's1', tabId: 1, frameId: 0 });
  });

  it('posts an event of a hidden page (it may be unloading) at once, not in the next task', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    const { ofKind } = start();
    await flush();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      click(document.querySelector('button')!, { detail: 0 });
      expect(ofKind('click')).toHaveLength(1);
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    expect(document.visibilityState).toBe('visible');
  });

  it('sends a visible page’s events in the next task, together', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    document
      .querySelector('button')!
      .addEventListener('click', () => document.body.append(Object.assign(document.createElement('p'), { textContent: 'Done' })));
    const { ofKind, deps } = start();
    await flush();
    const before = vi.mocked(deps.sendEvents).mock.calls.length;
    click(document.querySelector('button')!, { detail: 0 });
    expect(ofKind('click')).toHaveLength(0);
    await flush();
    // The click and the page's answer to it in one message.
    expect(
      vi
        .mocked(deps.sendEvents)
        .mock.calls.slice(before)
        .map(([events]) => events.map((event) => event.kind)),
    ).toEqual([['click', 'dom-change']]);
  });

  it('reports the document’s navigation and page load when hello says the tab is recorded', async () => {
    const { ofKind, screenshots } = start();
    await flush();
    const [navigation] = ofKind('navigation');
    expect(navigation).toMatchObject({ sameDocument: false, navigationType: 'load' });
    expect(ofKind('page-load')).toHaveLength(1);
    // The navigation's screenshot waits for the page to settle.
    expect(screenshots).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(screenshots).toEqual([expect.objectContaining({ eventId: navigation!.id, priority: 'navigation', point: null })]);
  });

  it('emits nothing while the tab is not recorded, and starts after setState({ recording: true })', async () => {
    document.body.innerHTML = '<button type="button">Buy</button><input name="q">';
    const { deps, recorder, ofKind, clickShots, sent } = start({ hello: () => Promise.resolve(NOT_RECORDING) });
    await flush();
    const button = document.querySelector('button')!;
    const input = document.querySelector('input')!;
    press(button);
    click(button);
    input.focus();
    change(input);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(deps.sendEvents).not.toHaveBeenCalled();
    expect(deps.persist).not.toHaveBeenCalled();
    expect(deps.requestScreenshot).not.toHaveBeenCalled();
    expect(recorder.unacknowledged()).toBe(0);

    recorder.setState(RESUMED);
    press(button);
    click(button);
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    expect(clickShots()).toHaveLength(1);
    expect(ofKind('click')[0]!.id).toBe(clickShots()[0]!.eventId);
    // Recording that starts on a loaded page reports the page, but not as a navigation.
    expect(ofKind('page-load')).toHaveLength(1);
    expect(ofKind('navigation')).toHaveLength(0);
    expect(sent.every((draft) => draft.frameUrl === window.location.href)).toBe(true);
  });

  it('stops emitting when the walk is paused', async () => {
    document.body.innerHTML = '<button type="button">Buy</button>';
    const { recorder, ofKind, clickShots } = start();
    await flush();
    recorder.setState({ recording: false, sessionId: 's1', status: 'paused', masking: 'balanced' });
    const button = document.querySelector('button')!;
    press(button);
    click(button);
    await flush();
    expect(ofKind('click')).toHaveLength(0);
    expect(clickShots()).toHaveLength(0);
  });

  it('buffers events that happen before hello answers, then sends them', async () => {
    document.body.innerHTML = '<button type="button">Early</button>';
    let answer!: (value: HelloAnswer) => void;
    const { recorder, deps, ofKind } = start({ hello: () => new Promise((resolve) => (answer = resolve)) });
    click(document.querySelector('button')!, { detail: 0 });
    expect(deps.sendEvents).not.toHaveBeenCalled();
    expect(recorder.unacknowledged()).toBe(1);

    answer(RECORDING);
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    expect(ofKind('click')[0]!.target.name).toBe('Early');
    expect(recorder.unacknowledged()).toBe(0);
  });

  it('sends the screenshot of a click made before hello answers once the tab is known to be recorded', async () => {
    document.body.innerHTML = '<button type="button">Early</button>';
    let answer!: (value: HelloAnswer) => void;
    const { ofKind, clickShots } = start({ hello: () => new Promise((resolve) => (answer = resolve)) });
    const button = document.querySelector('button')!;
    press(button);
    click(button);
    expect(clickShots()).toHaveLength(0);
    answer(RECORDING);
    await flush();
    expect(clickShots()).toHaveLength(1);
    expect(clickShots()[0]!.eventId).toBe(ofKind('click')[0]!.id);
  });

  it('drops the buffered events when hello says the tab is not recorded', async () => {
    document.body.innerHTML = '<button type="button">Early</button>';
    let answer!: (value: HelloAnswer) => void;
    const { recorder, deps } = start({ hello: () => new Promise((resolve) => (answer = resolve)) });
    click(document.querySelector('button')!, { detail: 0 });
    expect(recorder.unacknowledged()).toBe(1);
    answer(NOT_RECORDING);
    await flush();
    expect(recorder.unacknowledged()).toBe(0);
    expect(deps.sendEvents).not.toHaveBeenCalled();
  });

  it('asks hello again when the worker fails to answer, and records once it does', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML = '<button type="button">Go</button>';
      let calls = 0;
      const { deps, ofKind } = start({
        hello: () => (++calls <= 2 ? Promise.reject(new Error('The message port closed before a response was received.')) : Promise.resolve(RECORDING)),
      });
      click(document.querySelector('button')!, { detail: 0 });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(deps.hello).toHaveBeenCalledTimes(3);
      expect(ofKind('click')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a hello that never succeeds as not recording, and drops what it held', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML = '<button type="button">Go</button>';
      const { deps, recorder } = start({ hello: () => Promise.reject(new Error('no background')) });
      click(document.querySelector('button')!, { detail: 0 });
      expect(recorder.unacknowledged()).toBe(1);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(deps.hello).toHaveBeenCalledTimes(6);
      expect(recorder.unacknowledged()).toBe(0);
      expect(deps.sendEvents).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts events as unacknowledged until the background commits them', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    const answers: { events: readonly PageEventDraft[]; resolve: (outcome: SendOutcome) => void }[] = [];
    const { recorder } = start({ sendEvents: (events) => new Promise((resolve) => void answers.push({ events, resolve })) });
    await flush();
    // The navigation and page-load of the document are waiting for their answer, in one batch.
    expect(answers).toHaveLength(1);
    const initial = answers[0]!.events.length;
    expect(initial).toBeGreaterThan(0);
    expect(recorder.unacknowledged()).toBe(initial);
    click(document.querySelector('button')!, { detail: 0 });
    expect(recorder.unacknowledged()).toBe(initial + 1);
    // The click goes in the next task, without waiting for the answer to the batch before.
    await flush();
    expect(answers[1]!.events.map((event) => event.kind)).toEqual(['click']);
    answers[0]!.resolve({ acknowledged: answers[0]!.events.map((event) => event.id) });
    await flush();
    expect(recorder.unacknowledged()).toBe(1);
    answers[1]!.resolve({ acknowledged: answers[1]!.events.map((event) => event.id) });
    await flush();
    expect(recorder.unacknowledged()).toBe(0);
  });

  it('re-sends an event whose send failed, with the same id', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    let failClick = true;
    const attempts: string[] = [];
    const { recorder } = start({
      sendEvents: async (events) => {
        attempts.push(...events.map((event) => event.id));
        if (events.some((event) => event.kind === 'click') && failClick) {
          failClick = false;
          throw new Error('The message port closed before a response was received.');
        }
        return { acknowledged: events.map((event) => event.id) };
      },
    });
    await flush();
    click(document.querySelector('button')!, { detail: 0 });
    await flush();
    expect(recorder.unacknowledged()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    const clickId = attempts.at(-1)!;
    expect(attempts.filter((id) => id === clickId)).toHaveLength(2);
    expect(recorder.unacknowledged()).toBe(0);
  });

  it('records nothing after stop()', async () => {
    document.body.innerHTML = '<button type="button">Go</button><input name="q">';
    const { recorder, deps } = start();
    await flush();
    const sentBefore = vi.mocked(deps.sendEvents).mock.calls.length;
    recorder.stop();
    const button = document.querySelector('button')!;
    press(button);
    click(button);
    document.querySelector('input')!.focus();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.mocked(deps.sendEvents).mock.calls.length).toBe(sentBefore);
    expect(deps.requestScreenshot).toHaveBeenCalledTimes(0);
  });
});

describe('startPageRecorder: the page comes first', () => {
  it('ignores events from elements inside a host marked data-parcours-ui', async () => {
    const { shadow } = openShadow('parcours-overlay', '<button type="button">Frustrated</button><textarea name="note"></textarea>', { 'data-parcours-ui': '' });
    const { ofKind, clickShots } = start();
    await flush();
    const button = shadow.querySelector('button')!;
    press(button);
    click(button);
    const note = shadow.querySelector('textarea')!;
    note.focus();
    note.value = 'my note';
    change(note);
    await flush();
    expect(ofKind('click')).toHaveLength(0);
    expect(clickShots()).toHaveLength(0);
    expect(ofKind('field-focus')).toHaveLength(0);
    expect(ofKind('field-change')).toHaveLength(0);
  });

  it('ignores light-DOM descendants of an element marked data-parcours-ui, but not its siblings', async () => {
    document.body.innerHTML = '<div data-parcours-ui><button type="button" id="own">Own</button></div><button type="button" id="page">Page</button>';
    const { ofKind } = start();
    await flush();
    click(document.getElementById('own')!, { detail: 0 });
    click(document.getElementById('page')!, { detail: 0 });
    await flush();
    expect(ofKind('click').map((draft) => draft.target.name)).toEqual(['Page']);
  });

  it('never lets its listener errors reach the page: the page’s own listeners still run and nothing is uncaught', async () => {
    document.body.innerHTML = '<button type="button">Pay</button>';
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const pageErrors: unknown[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.error);
    window.addEventListener('error', onError);
    let failing = false;
    let counter = 0;
    const { ofKind } = start({
      newId: () => {
        if (failing) throw new Error('crypto.randomUUID is not available');
        return `e${++counter}`;
      },
    });
    await flush();
    failing = true;
    const button = document.querySelector('button')!;
    const pageClicks: Event[] = [];
    button.addEventListener('click', (event) => pageClicks.push(event));

    const event = click(button, { detail: 0 });
    expect(pageClicks).toEqual([event]);
    expect(event.defaultPrevented).toBe(false);
    expect(pageErrors).toEqual([]);
    expect(debug).toHaveBeenCalledWith('[parcours] recorder listener failed', expect.any(Error));

    // The recorder survives the failure and records the next click.
    failing = false;
    click(button, { detail: 0 });
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    window.removeEventListener('error', onError);
  });

  it('keeps recording and sending when persisting to extension storage throws', async () => {
    document.body.innerHTML = '<button type="button">Pay</button>';
    const { ofKind, recorder } = start({
      persist: () => {
        throw new Error('Extension storage unavailable');
      },
    });
    await flush();
    expect(ofKind('navigation')).toHaveLength(1);
    click(document.querySelector('button')!, { detail: 0 });
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    expect(recorder.unacknowledged()).toBe(0);
  });

  it('survives a sendEvents that throws synchronously, and retries the event', async () => {
    document.body.innerHTML = '<button type="button">Pay</button>';
    const pageErrors: unknown[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.error);
    window.addEventListener('error', onError);
    const attempts: string[] = [];
    let throwing = true;
    start({
      sendEvents: (events) => {
        attempts.push(...events.map((event) => event.kind));
        if (throwing) throw new Error('Extension messaging broke');
        return Promise.resolve({ acknowledged: events.map((event) => event.id) });
      },
    });
    await flush();
    const button = document.querySelector('button')!;
    let pageSawClick = false;
    button.addEventListener('click', () => {
      pageSawClick = true;
    });
    click(button, { detail: 0 });
    expect(pageSawClick).toBe(true);
    // The click leaves in the next task, and its send throws.
    await vi.advanceTimersByTimeAsync(500);
    expect(attempts.filter((kind) => kind === 'click').length).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
    throwing = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts.filter((kind) => kind === 'click').length).toBeGreaterThanOrEqual(2);
    window.removeEventListener('error', onError);
  });

  it('survives a weird target whose attributes cannot be read', async () => {
    document.body.innerHTML = '<button type="button">Odd</button>';
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const pageErrors: unknown[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.error);
    window.addEventListener('error', onError);
    const { ofKind } = start();
    await flush();
    const button = document.querySelector('button')!;
    Object.defineProperty(button, 'getAttribute', {
      configurable: true,
      value: () => {
        throw new Error('hostile page');
      },
    });
    let pageSawPress = false;
    let pageSawClick = false;
    button.addEventListener('pointerdown', () => {
      pageSawPress = true;
    });
    button.addEventListener('click', () => {
      pageSawClick = true;
    });
    press(button);
    click(button);
    await flush();
    expect(pageSawPress).toBe(true);
    expect(pageSawClick).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(debug).toHaveBeenCalledWith('[parcours] recorder listener failed', expect.any(Error));
    expect(ofKind('click')).toHaveLength(0);
    window.removeEventListener('error', onError);
  });

  it('never cancels the page’s events', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    start();
    await flush();
    const button = document.querySelector('button')!;
    expect(press(button).defaultPrevented).toBe(false);
    expect(click(button).defaultPrevented).toBe(false);
  });
});

describe('startPageRecorder: when the page last changed, for the screenshot of a press', () => {
  it('tells each screenshot request when the page last looked different: a scroll, an earlier click’s answer', async () => {
    document.body.innerHTML = '<button id="b">Add</button><p id="out"></p>';
    const button = document.getElementById('b') as HTMLButtonElement;
    button.addEventListener('click', () => {
      (document.getElementById('out') as HTMLElement).textContent = 'added';
    });
    const { clickShots } = start();
    await flush();
    const arrived = clickShots().length;
    await vi.advanceTimersByTimeAsync(1000);

    // A scroll, then a press: the page changed at the scroll.
    const scrolledAt = performance.timeOrigin + performance.now();
    dispatchTrusted(document, new Event('scroll', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(300);
    press(button);
    click(button);
    const first = clickShots()[arrived];
    expect(first?.changedAtEpochMs).toBeCloseTo(scrolledAt, 0);

    // The click's answer (a DOM change) is the page's latest change when the next press comes.
    await vi.advanceTimersByTimeAsync(3000);
    press(button);
    const second = clickShots()[arrived + 1];
    expect(second?.changedAtEpochMs).toBeGreaterThan(scrolledAt + 250);
    expect(second?.changedAtEpochMs).toBeLessThan(performance.timeOrigin + performance.now());
  });
});

describe('startPageRecorder: a page leaving with screenshots unanswered', () => {
  it('hands the background the screenshot requests still unanswered when the page goes away, with their owner', async () => {
    document.body.innerHTML = '<button type="button" id="a">Show</button><a href="#next" id="b">Next</a>';
    let answered = 0;
    const { deps, clickShots } = start({
      // The first request is answered; the second never is (the worker that had it was stopped).
      requestScreenshot: () => (answered++ === 0 ? Promise.resolve() : new Promise<void>(() => undefined)),
    });
    await flush();
    press(document.getElementById('a')!);
    click(document.getElementById('a')!);
    press(document.getElementById('b')!);
    click(document.getElementById('b')!);
    await flush();
    expect(clickShots()).toHaveLength(2);
    // Hidden is not gone: the page may still ask again.
    expect(deps.persistShots).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('pagehide'));
    const [, second] = clickShots();
    expect(deps.persistShots).toHaveBeenCalledTimes(1);
    expect(deps.persistShots).toHaveBeenCalledWith([{ eventId: second!.eventId, epochMs: second!.epochMs }], { sessionId: 's1', tabId: 1, frameId: 0 });
    // Handed over once: a second pagehide (bfcache, a frame) writes nothing more.
    window.dispatchEvent(new Event('pagehide'));
    expect(deps.persistShots).toHaveBeenCalledTimes(1);
  });

  it('hands over a screenshot request it gave up asking for', async () => {
    document.body.innerHTML = '<button type="button">Show</button>';
    const { deps, clickShots } = start({ requestScreenshot: () => Promise.reject(new Error('Could not establish connection')) });
    await flush();
    press(document.querySelector('button')!);
    click(document.querySelector('button')!);
    await vi.advanceTimersByTimeAsync(30_000);
    // Eight attempts, then the background settles it from the copy.
    expect(clickShots()).toHaveLength(8);
    expect(deps.persistShots).toHaveBeenCalledWith([{ eventId: clickShots()[0]!.eventId, epochMs: clickShots()[0]!.epochMs }], {
      sessionId: 's1',
      tabId: 1,
      frameId: 0,
    });
  });

  it('sends what it recorded before hello was answered, strictly masked, and reports its screenshots lost, when the page goes away', async () => {
    document.body.innerHTML = '<button type="button">Add to cart</button>';
    // The worker never answers this page's hello (started, stopped again) before it leaves.
    const { deps, sent, ofKind, clickShots } = start({ hello: () => new Promise<HelloAnswer>(() => undefined) });
    await flush();
    press(document.querySelector('button')!);
    click(document.querySelector('button')!);
    await flush();
    expect(sent).toHaveLength(0);
    expect(clickShots()).toHaveLength(0);
    window.dispatchEvent(new Event('pagehide'));
    await flush();
    const [clicked] = ofKind('click');
    // The walk's mode is not known: the strictest, which keeps no page text.
    expect(clicked?.target.name).toBe('[text]');
    expect(clicked?.target.tag).toBe('button');
    expect(ofKind('navigation')).toHaveLength(1);
    expect(deps.reportLostShots).toHaveBeenCalledWith([{ eventId: clicked!.id, epochMs: expect.any(Number) }]);
    // Never asked for: the image would show another moment.
    expect(clickShots()).toHaveLength(0);
  });

  it('posts the events of a page leaving before hello was answered before it says their screenshots are lost', async () => {
    document.body.innerHTML = '<button type="button">Add to cart</button>';
    const { deps } = start({ hello: () => new Promise<HelloAnswer>(() => undefined) });
    await flush();
    press(document.querySelector('button')!);
    click(document.querySelector('button')!);
    await flush();
    // Within pagehide itself, with no task after it: the page is going away.
    window.dispatchEvent(new Event('pagehide'));
    const sendEvents = vi.mocked(deps.sendEvents);
    const reportLostShots = vi.mocked(deps.reportLostShots!);
    expect(sendEvents).toHaveBeenCalledTimes(1);
    expect(sendEvents.mock.calls[0]![0].map((event) => event.kind)).toContain('click');
    expect(reportLostShots).toHaveBeenCalledTimes(1);
    // The background finds the click committed, or on its way behind the lost message, never unknown.
    expect(sendEvents.mock.invocationCallOrder[0]!).toBeLessThan(reportLostShots.mock.invocationCallOrder[0]!);
  });

  // Issue 11: a tab opened with window.open learns of the walk from the background's broadcast (`joined`) while
  // every answer to its hello dies with a worker being stopped. It records, but knows no tab: it kept no copy
  // of its own (only pages that knew nothing did), and its last batch, posted as it left, died too.
  it('keeps its own copy when it knows the walk from a broadcast but never learnt its tab, and leaves', async () => {
    document.body.innerHTML = '<a href="#home">Parcours Shop</a>';
    const failing = () => Promise.reject(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed'));
    const { recorder, deps } = start({
      documentId: 'doc-guide',
      hello: () => new Promise<HelloAnswer>(() => undefined),
      sendEvents: failing,
      requestScreenshot: () => new Promise<void>(() => undefined),
    });
    await flush();
    recorder.setState({ ...RESUMED, joined: true });
    const link = document.querySelector('a')!;
    press(link);
    click(link);
    await flush();
    await vi.advanceTimersByTimeAsync(PERSIST_AFTER_MS);
    // No tab to name: the owned copies cannot be written.
    expect(deps.persist).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('pagehide'));
    expect(deps.keepOrphan).toHaveBeenCalledTimes(1);
    const orphan = vi.mocked(deps.keepOrphan!).mock.calls[0]![0];
    expect(orphan.documentId).toBe('doc-guide');
    const clicked = orphan.events.find((event) => event.kind === 'click');
    // Masked in the walk's mode, which the broadcast told.
    expect(clicked).toMatchObject({ target: { name: 'Parcours Shop' } });
    expect(orphan.events.map((event) => event.kind)).toContain('navigation');
    // The click's screenshot (and the arrival's) was asked for and never answered: the background settles it from the copy.
    expect(orphan.shots).toContainEqual({ eventId: clicked!.id, epochMs: expect.any(Number) });
    // Asked, not lost before asking: nothing is reported lost by message.
    expect(deps.reportLostShots).not.toHaveBeenCalled();
  });

  it('keeps only what is unacknowledged in that copy, writes it as the page is hidden too, and none once it learns its tab', async () => {
    document.body.innerHTML = '<button type="button">Go</button>';
    let answer: (value: HelloAnswer) => void = () => undefined;
    let acknowledge = true;
    const { recorder, deps, persisted } = start({
      hello: () => new Promise<HelloAnswer>((resolve) => (answer = resolve)),
      sendEvents: async (events) => (acknowledge ? { acknowledged: events.map((event) => event.id) } : new Promise<SendOutcome>(() => undefined)),
    });
    await flush();
    recorder.setState({ ...RESUMED, joined: true });
    await flush();
    const button = document.querySelector('button')!;
    click(button, { detail: 0 });
    await flush();
    acknowledge = false;
    click(button, { detail: 0 });
    await flush();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    expect(deps.keepOrphan).toHaveBeenCalledTimes(1);
    const kept = vi.mocked(deps.keepOrphan!).mock.calls[0]![0];
    // The first click was acknowledged: only the second is kept.
    expect(kept.events.filter((event) => event.kind === 'click')).toHaveLength(1);
    const second = kept.events.find((event) => event.kind === 'click')!;
    // The tab is learnt at last: what waited for it is copied as the page's own, and no orphan copy follows.
    answer(RECORDING);
    await flush();
    expect(persisted.map((item) => item.event.id)).toContain(second.id);
    expect(persisted.find((item) => item.event.id === second.id)?.owner).toEqual({ sessionId: 's1', tabId: 1, frameId: 0 });
    window.dispatchEvent(new Event('pagehide'));
    expect(deps.keepOrphan).toHaveBeenCalledTimes(1);
  });

  it('says no screenshot is lost when a page leaves before hello with nothing asked for', async () => {
    const { deps, ofKind } = start({ hello: () => new Promise<HelloAnswer>(() => undefined) });
    await flush();
    window.dispatchEvent(new Event('pagehide'));
    await flush();
    expect(ofKind('navigation')).toHaveLength(1);
    expect(deps.reportLostShots).not.toHaveBeenCalled();
  });
});
