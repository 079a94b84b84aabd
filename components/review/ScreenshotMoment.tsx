import type { ScreenshotSource } from '@/lib/capture/events';
import { t } from '@/lib/i18n';
import type { RedactionRecord } from '@/lib/store/records';
import { Redactor } from './Redactor';

/**
 * Where a step's image came from and how far from its moment it is ("From the tab's video stream, 12 ms
 * before the press"), and an image taken too late for the step, shown apart as what came after it (it can be
 * redacted too: exports carry it).
 */
export function ScreenshotMoment({
  sessionId,
  source,
  delayMs,
  lateScreenshotId,
  redactions,
}: {
  sessionId: string;
  source: ScreenshotSource | null;
  delayMs: number | null;
  lateScreenshotId: string | null;
  redactions: ReadonlyMap<string, RedactionRecord>;
}) {
  const from = source === 'tab-stream' ? t('screenshotFromStream') : source === 'visible-tab' ? t('screenshotFromVisibleTab') : null;
  const when =
    delayMs == null
      ? null
      : delayMs < 0
        ? t('screenshotBefore', { ms: -delayMs })
        : delayMs === 0
          ? t('screenshotAtPress')
          : t('screenshotAfter', { ms: delayMs });
  return (
    <>
      {from && <p class="hint">{when ? `${from}, ${when}` : from}</p>}
      {lateScreenshotId && (
        <section class="late-shot" aria-labelledby="late-shot-heading">
          <h2 id="late-shot-heading">{t('screenshotLateHeading')}</h2>
          <p class="hint">{t('screenshotLateHint', { ms: delayMs ?? 0 })}</p>
          <Redactor
            sessionId={sessionId}
            screenshotId={lateScreenshotId}
            point={null}
            devicePixelRatio={null}
            redaction={redactions.get(lateScreenshotId)}
            missing={null}
            alt={t('screenshotLateHeading')}
          />
        </section>
      )}
    </>
  );
}
