import type { WalkSetup } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';

export type SetupText = Omit<WalkSetup, 'stages' | 'title'>;

/** Persona, scenario, goal, segment and expectations: the "who, what for" of a journey map. */
export function SetupFields({ value, onChange, onCommit }: { value: SetupText; onChange: (next: SetupText) => void; onCommit?: () => void }) {
  const text = (key: 'scenario' | 'goal' | 'segment' | 'expectations') => ({
    value: value[key],
    onInput: (event: Event) => onChange({ ...value, [key]: (event.currentTarget as HTMLInputElement).value }),
    onBlur: onCommit,
  });
  return (
    <>
      <label>
        {t('fieldPersonaName')}
        <input
          name="persona"
          maxLength={120}
          placeholder={t('fieldPersonaPlaceholder')}
          value={value.persona.name}
          onInput={(event) => onChange({ ...value, persona: { ...value.persona, name: event.currentTarget.value } })}
          onBlur={onCommit}
        />
      </label>
      <label>
        {t('fieldPersonaDescription')}
        <input
          name="personaDescription"
          maxLength={500}
          placeholder={t('fieldPersonaDescriptionPlaceholder')}
          value={value.persona.description}
          onInput={(event) => onChange({ ...value, persona: { ...value.persona, description: event.currentTarget.value } })}
          onBlur={onCommit}
        />
      </label>
      <label>
        {t('fieldScenario')}
        <textarea name="scenario" rows={2} maxLength={2000} placeholder={t('fieldScenarioPlaceholder')} {...text('scenario')} />
      </label>
      <label>
        {t('fieldGoal')}
        <input name="goal" maxLength={500} placeholder={t('fieldGoalPlaceholder')} {...text('goal')} />
      </label>
      <label>
        {t('fieldSegment')}
        <input name="segment" maxLength={120} placeholder={t('fieldSegmentPlaceholder')} {...text('segment')} />
      </label>
      <label>
        {t('fieldExpectations')}
        <textarea name="expectations" rows={2} maxLength={2000} placeholder={t('fieldExpectationsPlaceholder')} {...text('expectations')} />
      </label>
    </>
  );
}
