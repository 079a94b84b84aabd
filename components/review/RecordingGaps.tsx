import { t } from '@/lib/i18n';
import { describeGap } from '@/lib/journey/gaps';
import type { JourneyMap } from '@/lib/journey/map-types';

/** Where the recording paused or was cut, and why, each placed after the step it follows. */
export function RecordingGaps({ map }: { map: JourneyMap }) {
  if (map.gaps.length === 0) return null;
  const visible = map.steps.filter((step) => !step.hidden);
  return (
    <section class="recording-gaps" aria-labelledby="recording-gaps">
      <h3 id="recording-gaps">{t('gapsHeading')}</h3>
      <ul>
        {map.gaps.map((gap) => {
          const after = visible.filter((step) => step.t <= gap.fromT).length;
          return (
            <li key={`${gap.reason}:${gap.fromT}`} class={`gap ${gap.reason}`} data-gap-reason={gap.reason}>
              {after > 0 ? `${t('gapAfterStep', { step: after })} · ` : ''}
              {describeGap(gap)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
