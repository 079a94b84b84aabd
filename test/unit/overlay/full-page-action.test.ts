import { describe, expect, it } from 'vitest';
import { FULL_PAGE_MISSING_REASONS } from '@/lib/capture/events';
import { en } from '@/lib/i18n/en';
import { fr } from '@/lib/i18n/fr';
import type { FullPageAnswer } from '@/lib/messaging/protocol';
import { fullPageAction, fullPageMessage, fullPageProgress } from '@/lib/overlay/full-page-action';

const STORED: FullPageAnswer = {
  outcome: 'stored',
  step: 'Click "Delivery and returns"',
  viewports: 4,
  pageHeight: 2554,
  coveredHeight: 2554,
  truncated: false,
  missingReason: null,
};

const DEAD = new Error('Extension context invalidated.');

describe('fullPageMessage', () => {
  it('says where the image went and how many screens it took', () => {
    expect(fullPageMessage(STORED, 'en')).toBe('Full page (4 screens) → Click "Delivery and returns"');
    expect(fullPageMessage(STORED, 'fr')).toBe('Page entière (4 écrans) → Click "Delivery and returns"');
    expect(fullPageMessage({ ...STORED, step: null }, 'en')).toBe('Full page (4 screens) → start of the walk');
  });

  it('says how much of a page too long to capture whole the image covers', () => {
    expect(fullPageMessage({ ...STORED, truncated: true, coveredHeight: 16_384, pageHeight: 40_000, viewports: 21 }, 'en')).toBe(
      'Full page, top 16384 px of 40000 px (the page is too long) → Click "Delivery and returns"',
    );
  });

  it('says why there is none, in words for every reason the background gives', () => {
    expect(fullPageMessage({ ...STORED, outcome: 'missing', missingReason: 'tab-not-visible' }, 'en')).toBe('No full page: the tab is not in view');
    for (const reason of FULL_PAGE_MISSING_REASONS) {
      expect(`fullPageReason.${reason}` in en, reason).toBe(true);
      expect(`fullPageReason.${reason}` in fr, reason).toBe(true);
    }
  });

  it('tells a paused walk, a capture already under way and a background that never answered apart', () => {
    expect(fullPageMessage({ ...STORED, outcome: 'not-recording' }, 'en')).toBe('Full-page screenshots are taken while recording, not while paused');
    expect(fullPageMessage({ ...STORED, outcome: 'busy' }, 'en')).toBe('A full-page screenshot is already being taken');
    expect(fullPageMessage(undefined, 'en')).toBe('No full page: Parcours did not answer. Try again.');
  });

  it('counts the frames as they are taken', () => {
    expect(fullPageProgress(2, 5, 'en')).toBe('Full page 2/5…');
    expect(fullPageProgress(2, 5, 'fr')).toBe('Page entière 2/5…');
  });
});

describe('fullPageAction', () => {
  function channel(answers: (FullPageAnswer | Error)[]) {
    const sent: { id: string; epochMs: number }[] = [];
    const reports: string[] = [];
    let ids = 0;
    return {
      sent,
      reports,
      channel: {
        send: async (request: { id: string; epochMs: number }) => {
          sent.push(request);
          const answer = answers.shift();
          if (answer instanceof Error) throw answer;
          if (!answer) throw new Error('No answer planned');
          return answer;
        },
        newId: () => `fp-${++ids}`,
        now: () => 1000,
        sleep: async () => undefined,
        isDead: (error: unknown) => error === DEAD,
        report: (text: string) => reports.push(text),
      },
    };
  }

  it('sends one request and reports it, from getting ready to where the image went', async () => {
    const fake = channel([STORED]);
    const action = fullPageAction(fake.channel);
    expect(await action.run()).toEqual(STORED);
    expect(fake.sent).toEqual([{ id: 'fp-1', epochMs: 1000 }]);
    expect(fake.reports.at(0)).toMatch(/getting ready|préparation/);
    expect(fake.reports.at(-1)).toMatch(/→ Click "Delivery and returns"$/);
  });

  it('re-sends the same request, same id, when the service worker was stopped mid-answer', async () => {
    const fake = channel([new Error('Could not establish connection'), STORED]);
    await fullPageAction(fake.channel).run();
    expect(fake.sent.map((request) => request.id)).toEqual(['fp-1', 'fp-1']);
  });

  it('takes one at a time from a page: pressing again meanwhile only says one is under way', async () => {
    const fake = channel([STORED]);
    let finish: (answer: FullPageAnswer) => void = () => undefined;
    const action = fullPageAction({
      ...fake.channel,
      send: (request) => {
        fake.sent.push(request);
        return new Promise<FullPageAnswer>((resolve) => {
          finish = resolve;
        });
      },
    });
    const first = action.run();
    expect(action.running).toBe(true);
    expect(await action.run()).toBeUndefined();
    expect(fake.reports.at(-1)).toMatch(/already|déjà/);
    finish(STORED);
    await first;
    expect(fake.sent).toHaveLength(1);
    expect(action.running).toBe(false);
  });

  it('gives up quietly once the extension is gone, and can be used again', async () => {
    const fake = channel([DEAD, STORED]);
    const action = fullPageAction(fake.channel);
    expect(await action.run()).toBeUndefined();
    expect(fake.reports.at(-1)).toMatch(/did not answer|n’a pas répondu/);
    expect(await action.run()).toEqual(STORED);
  });
});
