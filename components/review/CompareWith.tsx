import { useState } from 'preact/hooks';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import { comparableWalks } from '@/lib/journey/compare/candidates';
import { siteOf } from '@/lib/journey/merge/keys';
import { listSessions, readDatabase } from '@/lib/store/reads';
import type { SessionRecord } from '@/lib/store/records';
import { useLiveQuery } from '../common/useAsync';
import { LoadedComparison } from '../sessions/merge/CompareView';
import { routeOf } from '../sessions/merge/journeys';

/**
 * "Compare with another walk" on a walk's review page: the other walks of the same journey (same start site,
 * as Merge and Compare decide it), one picked from a list, and the two side by side below (this walk is A).
 * A plain form: the list and the button are reached and used with the keyboard.
 */
export function CompareWith({ session }: { session: SessionRecord }) {
  const db = readDatabase();
  const sessions = useLiveQuery(() => listSessions(db), []);
  const [picked, setPicked] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  if (sessions === undefined) return null;
  const candidates = comparableWalks(sessions, session);
  const choice = candidates.some((walk) => walk.id === picked) ? picked : (candidates[0]?.id ?? '');
  return (
    <section class="compare-with no-print" aria-labelledby="compare-with-heading">
      <h2 id="compare-with-heading">{t('compareWith.heading')}</h2>
      {candidates.length === 0 ? (
        <p class="hint" data-compare-none>
          {t('compareWith.none', { site: siteOf(session.startUrl) })}
        </p>
      ) : (
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            setShown(choice);
          }}
        >
          <label for="compare-with-walk">{t('compareWith.label')}</label>
          <select id="compare-with-walk" value={choice} onChange={(event) => setPicked((event.target as HTMLSelectElement).value)}>
            {candidates.map((walk) => (
              <option key={walk.id} value={walk.id}>
                {t('compareWith.option', { title: walk.title, persona: walk.persona.name || '–', date: formatDateTime(walk.startedAt) })}
              </option>
            ))}
          </select>
          <button type="submit">{t('compareWith.show')}</button>
        </form>
      )}
      {shown && candidates.some((walk) => walk.id === shown) && (
        <div data-compare-with={shown}>
          <p class="hint">
            {t('compareWith.sides')} <a href={routeOf('compare', [session.id, shown])}>{t('compareWith.open')}</a>
          </p>
          <LoadedComparison key={shown} ids={[session.id, shown]} headingLevel={3} />
        </div>
      )}
    </section>
  );
}
