import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '@/components/common/errors';
import { setLocale } from '@/lib/i18n';
import { ProtocolFailure } from '@/lib/messaging/protocol';

const refused = (error: ConstructorParameters<typeof ProtocolFailure>[0]) => new ProtocolFailure(error);

describe('explain', () => {
  afterEach(() => setLocale('en'));

  it('says a refusal a tester can meet in their own language, never the background’s English', () => {
    const failure = refused({ code: 'invalid-state', reason: 'errorWalkChanged', message: 'The session is not paused' });
    expect(explain(failure)).toBe('The walk changed meanwhile (paused, resumed or stopped elsewhere). Look again and retry.');
    setLocale('fr');
    expect(explain(failure)).toMatch(/^Le parcours a changé entre-temps/);
    expect(explain(failure)).not.toMatch(/session/);
  });

  it('says why a page cannot be recorded', () => {
    expect(explain(refused({ code: 'unrecordable', reason: 'unrecordableStore', message: 'x' }))).toMatch(/store/i);
  });

  it('translates the codes that carry no reason', () => {
    setLocale('fr');
    expect(explain(refused({ code: 'no-session', message: 'No session s1' }))).toBe('Ce parcours n’est plus là : il a peut-être été supprimé.');
    expect(explain(refused({ code: 'no-tab', message: 'Tab 4 is gone' }))).toBe('L’onglet de ce parcours a été fermé.');
    expect(explain(refused({ code: 'already-recording', message: 'Already recording "x"' }))).toMatch(/^Un autre parcours/);
    expect(explain(refused({ code: 'storage-full', message: 'quota' }))).toMatch(/^Le disque est plein/);
  });

  it('keeps the background’s words for a refusal no tester should meet, so a bug report carries them', () => {
    expect(explain(refused({ code: 'invalid-state', message: 'Undone is true or false' }))).toBe('Something went wrong: Undone is true or false');
  });

  it('recognizes a full disk in any error, and says anything else plainly', () => {
    expect(explain(new DOMException('QuotaExceededError: quota exceeded', 'QuotaExceededError'))).toMatch(/^The disk is full/);
    expect(explain(new Error('boom'))).toBe('Something went wrong: boom');
    expect(explain('plain')).toBe('Something went wrong: plain');
  });
});
