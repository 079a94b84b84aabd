import { describe, expect, it } from 'vitest';
import { requestProblem } from '@/lib/messaging/requests';
import { arrayOf, either, id, nullable, object, oneOf, optional, text, variants } from '@/lib/messaging/validate';

describe('request checks', () => {
  it('says where and why a value is wrong, and null when it is right', () => {
    const check = object({ id, label: optional(nullable(text(5))), tags: arrayOf(oneOf(['a', 'b']), 2) });
    expect(check({ id: 'x', tags: ['a'] }, 'request')).toBeNull();
    expect(check({ id: 'x', label: null, tags: [] }, 'request')).toBeNull();
    expect(check({ id: '', tags: [] }, 'request')).toBe('request.id must be a string of 1 to 200 characters');
    expect(check({ id: 'x', label: 'too long', tags: [] }, 'request')).toMatch(/^request\.label/);
    expect(check({ id: 'x', tags: ['c'] }, 'request')).toBe('request.tags[0] must be one of a, b');
    expect(check({ id: 'x', tags: ['a', 'b', 'a'] }, 'request')).toBe('request.tags must have at most 2 items');
  });

  it('refuses fields an object does not name, unless it is open', () => {
    expect(object({ id })({ id: 'x', sessionId: 'other' }, 'request')).toBe('request.sessionId is not expected');
    expect(object({ id }, { open: true })({ id: 'x', more: 1 }, 'request')).toBeNull();
  });

  it('refuses what is not a plain object: arrays, null, class instances', () => {
    const check = object({});
    for (const value of [null, [], 'x', 4, new Date(), Object.create({ inherited: true })]) {
      expect(check(value, 'request'), String(value)).not.toBeNull();
    }
  });

  it('picks a variant by its tag, and either passes when one of its checks does', () => {
    const check = variants('kind', { a: object({ kind: oneOf(['a']), n: oneOf([1]) }) });
    expect(check({ kind: 'a', n: 1 }, 'r')).toBeNull();
    expect(check({ kind: 'b' }, 'r')).toBe('r.kind must be one of a');
    expect(check({ kind: 'toString' }, 'r')).toBe('r.kind must be one of a');
    expect(either(oneOf([1]), oneOf([2]))(2, 'r')).toBeNull();
    expect(either(oneOf([1]), oneOf([2]))(3, 'r')).toBe('r must be one of 1');
  });

  it('checks real requests of the protocol', () => {
    expect(requestProblem('session/pause', {})).toBeNull();
    expect(requestProblem('session/pause', undefined)).toBe('request must be an object');
    expect(requestProblem('settings/set', { key: 'signal-thresholds', value: { slowLoadMs: 4000 } })).toBeNull();
    expect(requestProblem('settings/set', { key: 'signal-thresholds', value: { slowLoadMs: -1 } })).toMatch(/positive/);
    expect(requestProblem('settings/set', { key: 'signal-thresholds', value: { internalTuning: 3 } })).toMatch(/not expected/);
    expect(requestProblem('settings/set', { key: 'favourite-colour', value: 'red' })).toMatch(/request\.key must be one of/);
    for (const value of ['auto', 'en', 'fr']) expect(requestProblem('settings/set', { key: 'parcours.language', value })).toBeNull();
    expect(requestProblem('settings/set', { key: 'parcours.language', value: 'de' })).toMatch(/request\.value must be one of/);
    expect(requestProblem('stage/switch', { id: 's', to: { delta: 2 }, author: 'tester' })).toMatch(/request\.to/);
    expect(requestProblem('recorder/events', { events: [{ id: 'e', kind: 'click', epochMs: 1, frameUrl: 'https://x/', target: {} }] })).toBeNull();
    expect(
      requestProblem('recorder/events', {
        events: Array.from({ length: 101 }, (_, i) => ({ id: `e${i}`, kind: 'visibility', epochMs: 1, frameUrl: 'https://x/' })),
      }),
    ).toMatch(/request\.events/);
  });
});
