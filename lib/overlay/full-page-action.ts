import { type Locale, type MessageKey, t } from '../i18n';
import type { FullPageAnswer } from '../messaging/protocol';
import { withRetry } from '../page-recorder/retry';

export interface FullPageChannel {
  send(request: { id: string; epochMs: number }): Promise<FullPageAnswer>;
  newId(): string;
  now(): number;
  sleep(ms: number): Promise<void>;
  isDead(error: unknown): boolean;
  /** Tells the tester (the overlay's status line). */
  report(text: string): void;
}

/** What the tester reads once a full-page capture is over (undefined: the background never answered). */
export function fullPageMessage(answer: FullPageAnswer | undefined, locale?: Locale): string {
  if (!answer) return t('fullPageNoAnswer', {}, locale);
  switch (answer.outcome) {
    case 'stored': {
      const step = answer.step ?? t('fullPageWalkStart', {}, locale);
      return answer.truncated
        ? t('fullPageTruncated', { step, covered: answer.coveredHeight, height: answer.pageHeight }, locale)
        : t('fullPageStored', { step, count: answer.viewports }, locale);
    }
    case 'missing':
      return t('fullPageMissing', { reason: t(`fullPageReason.${answer.missingReason ?? 'capture-failed'}` as MessageKey, {}, locale) }, locale);
    case 'busy':
      return t('fullPageBusy', {}, locale);
    case 'not-recording':
      return t('fullPageNotRecording', {}, locale);
  }
}

/** The progress line while frames are taken: "Full page 2/5…". */
export function fullPageProgress(done: number, total: number, locale?: Locale): string {
  return t('fullPageProgress', { done, total }, locale);
}

/**
 * The tester's full-page action, from the shortcut or the overlay's button: one request at a time from this
 * page, sent with one id and re-sent with the same id until answered (the background takes it once).
 */
export function fullPageAction(channel: FullPageChannel) {
  let running = false;
  return {
    get running() {
      return running;
    },
    async run(): Promise<FullPageAnswer | undefined> {
      if (running) {
        channel.report(t('fullPageBusy'));
        return undefined;
      }
      running = true;
      channel.report(t('fullPageStarting'));
      try {
        const request = { id: channel.newId(), epochMs: channel.now() };
        const answer = await withRetry(() => channel.send(request), { sleep: channel.sleep, isDead: channel.isDead });
        channel.report(fullPageMessage(answer));
        return answer;
      } finally {
        running = false;
      }
    },
  };
}

export type FullPageAction = ReturnType<typeof fullPageAction>;
