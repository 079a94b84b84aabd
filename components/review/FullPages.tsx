import type { EventOf } from '@/lib/capture/events';
import { t } from '@/lib/i18n';
import type { RedactionRecord } from '@/lib/store/records';
import { Redactor } from './Redactor';

/**
 * The full-page screenshots the tester took for a step, each shown whole at the column's width, with its
 * size and, for a page too long to capture whole, how much of it the image covers. They can be redacted like
 * the step's screenshot (exports then carry the blurred copy).
 */
export function FullPages({
  sessionId,
  screenshotIds,
  events,
  redactions,
}: {
  sessionId: string;
  screenshotIds: readonly string[];
  /** The session's `full-page` events, for each image's size and coverage. */
  events: readonly EventOf<'full-page'>[];
  redactions: ReadonlyMap<string, RedactionRecord>;
}) {
  if (screenshotIds.length === 0) return null;
  return (
    <section class="full-pages" aria-labelledby="full-pages-heading">
      <h2 id="full-pages-heading">{t('stepFullPages')}</h2>
      {screenshotIds.map((screenshotId, index) => {
        const event = events.find((item) => item.screenshotId === screenshotId);
        return (
          <div key={screenshotId} class="full-page">
            {event && (
              <p class="hint">
                {t('stepFullPageSize', { width: event.width, height: event.height, count: event.viewports })}
                {event.truncated ? ` · ${t('stepFullPageTruncated', { covered: event.coveredHeight, height: event.pageHeight })}` : ''}
              </p>
            )}
            <Redactor
              sessionId={sessionId}
              screenshotId={screenshotId}
              point={null}
              devicePixelRatio={null}
              redaction={redactions.get(screenshotId)}
              missing={null}
              alt={t('stepFullPageImage', { n: index + 1 })}
            />
          </div>
        );
      })}
    </section>
  );
}
