// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecorderState } from '@/lib/messaging/protocol';
import { GESTURE_WINDOW_MS } from '@/lib/page-recorder/gesture';
import { listenForShortcuts } from '@/lib/page-recorder/shortcuts';
import { change, click, dispatchTrusted, flush, forged, keydown, press, RESUMED, start, stopRecorders, submitted, typed } from './harness';

const PAUSED: RecorderState = { recording: false, sessionId: 's1', status: 'paused', masking: 'balanced' };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('the page cannot forge the tester’s actions', () => {
  it('records no click and asks for no screenshot for a pointerdown and click a script dispatched, and records the real one', async () => {
    document.body.innerHTML = '<button type="button" id="buy">Buy</button>';
    const { ofKind, clickShots } = start();
    await flush();
    const button = document.getElementById('buy')!;
    forged(button, new MouseEvent('pointerdown', { bubbles: true, composed: true, button: 0 }));
    forged(button, new MouseEvent('click', { bubbles: true, composed: true, button: 0, detail: 1 }));
    button.click(); // HTMLElement.click(): an untrusted click
    await flush();
    expect(ofKind('click')).toHaveLength(0);
    expect(clickShots()).toHaveLength(0);

    press(button);
    click(button);
    await flush();
    expect(ofKind('click')).toHaveLength(1);
    expect(clickShots()).toHaveLength(1);
  });

  it('records no field change, key, submit, scroll or visibility for events a script dispatched', async () => {
    document.body.innerHTML = '<input id="q" name="q"><form id="f"><input name="mail"><button>Send</button></form>';
    const { sent } = start();
    await flush();
    const field = document.getElementById('q')!;
    forged(field, new Event('input', { bubbles: true, composed: true }));
    forged(field, new Event('change', { bubbles: true }));
    forged(field, new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    forged(document.getElementById('f')!, new Event('submit', { bubbles: true, cancelable: true }));
    forged(document, new Event('scroll', { bubbles: true }));
    forged(document, new Event('visibilitychange'));
    await flush();
    // The document's own arrival only.
    expect(sent.map((event) => event.kind)).toEqual(['navigation', 'page-load']);
  });

  it('counts a trusted submit only right after the tester’s gesture: a form the page sends by itself (requestSubmit) is not theirs', async () => {
    document.body.innerHTML = '<form id="f"><input name="mail"><button>Send</button></form>';
    const { ofKind } = start();
    await flush();
    const form = document.getElementById('f') as HTMLFormElement;
    // What Chromium fires for form.requestSubmit() or button.click() from a timer: a trusted submit.
    dispatchTrusted(form, new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(ofKind('submit')).toHaveLength(0);

    submitted(form, form.querySelector('button'));
    await flush();
    expect(ofKind('submit')).toHaveLength(1);

    // The page's own submit a moment after the tester's key press is its answer to it: counted.
    keydown(form, 'Enter');
    await vi.advanceTimersByTimeAsync(GESTURE_WINDOW_MS - 100);
    dispatchTrusted(form, new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(ofKind('submit')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    dispatchTrusted(form, new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(ofKind('submit')).toHaveLength(2);
  });

  it('tags nothing for an Alt+Shift+5 a script dispatched', () => {
    const seen: string[] = [];
    const stop = listenForShortcuts(window, (action) => seen.push(action.action));
    forged(document.body, new KeyboardEvent('keydown', { code: 'Digit5', altKey: true, shiftKey: true, bubbles: true, composed: true }));
    expect(seen).toEqual([]);
    keydown(document.body, '%', { code: 'Digit5', altKey: true, shiftKey: true });
    expect(seen).toEqual(['emotion']);
    stop();
  });
});

describe('nothing done while paused is recorded', () => {
  it('drops the change a field typed in while paused commits after Resume, and Enter in it', async () => {
    document.body.innerHTML = '<input id="search" name="search"><input id="other" name="other">';
    const { recorder, ofKind, sent, clickShots } = start();
    await flush();
    const search = document.getElementById('search') as HTMLInputElement;
    recorder.setState(PAUSED);
    search.focus();
    typed(search);
    recorder.setState(RESUMED);
    keydown(search, 'Enter');
    change(search);
    await flush();
    expect(ofKind('field-change')).toHaveLength(0);
    expect(ofKind('key')).toHaveLength(0);
    expect(clickShots()).toHaveLength(0);

    // Its next typing after Resume is the walk's again.
    typed(search);
    change(search);
    await flush();
    expect(ofKind('field-change').map((event) => event.field.name)).toEqual(['search']);
    expect(sent.some((event) => event.kind === 'field-change' && event.field.name === 'other')).toBe(false);
  });

  it('records a field only focused while paused and typed in after Resume', async () => {
    document.body.innerHTML = '<input id="name" name="name">';
    const { recorder, ofKind } = start();
    await flush();
    const field = document.getElementById('name') as HTMLInputElement;
    recorder.setState(PAUSED);
    field.focus();
    recorder.setState(RESUMED);
    typed(field);
    change(field);
    await flush();
    expect(ofKind('field-change')).toHaveLength(1);
    // Its focus happened while paused.
    expect(ofKind('field-focus')).toHaveLength(0);
  });

  it('drops a change committed while still paused', async () => {
    document.body.innerHTML = '<input id="name" name="name">';
    const { recorder, sent } = start();
    await flush();
    const field = document.getElementById('name') as HTMLInputElement;
    recorder.setState(PAUSED);
    typed(field);
    change(field);
    press(field);
    click(field);
    recorder.setState(RESUMED);
    await flush();
    expect(sent.filter((event) => event.kind !== 'navigation' && event.kind !== 'page-load')).toEqual([]);
  });
});
