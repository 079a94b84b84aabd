import { t } from '@/lib/i18n';
import { describeGap, recorderGaps } from '@/lib/journey/recorder-gaps';
import { readDatabase } from '@/lib/store/reads';
import { useLiveQuery } from '../common/useAsync';

/** The spans of the walk Parcours was away for (its extension reloaded or updated), said in words. */
export function RecorderGaps({ sessionId }: { sessionId: string }) {
  const db = readDatabase();
  const gaps = useLiveQuery(
    async () => recorderGaps(await db.events.where('[sessionId+kind]').equals([sessionId, 'extension-restarted']).toArray()),
    [sessionId],
  );
  if (!gaps || gaps.length === 0) return null;
  return (
    <section class="recorder-gaps" aria-labelledby="recorder-gaps-heading">
      <h2 id="recorder-gaps-heading">{t('recorderGapsHeading')}</h2>
      <ul>
        {gaps.map((gap) => (
          <li key={gap.id}>{describeGap(gap)}</li>
        ))}
      </ul>
    </section>
  );
}
