import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import { DEFAULT_THRESHOLDS } from '@/lib/journey/signals';
import { EDITABLE_THRESHOLDS, type EditableThreshold, mergeThresholds } from '@/lib/journey/thresholds';
import { database } from '@/lib/store/db';
import { SIGNAL_THRESHOLDS } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';

/** The friction-signal thresholds, for every walk; the map and exports follow them at once. */
export function ThresholdSettings() {
  const db = database();
  const current = useLiveQuery(async () => mergeThresholds((await db.settings.get(SIGNAL_THRESHOLDS))?.value), []);
  const [draft, setDraft] = useState<Partial<Record<EditableThreshold, string>>>({});
  if (!current) return null;
  const save = (key: EditableThreshold, raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) return;
    void db.settings.put({ key: SIGNAL_THRESHOLDS, value: { ...current, [key]: value } });
  };
  return (
    <details class="thresholds no-print">
      <summary>{t('thresholdsHeading')}</summary>
      <div class="threshold-grid">
        {EDITABLE_THRESHOLDS.map((key) => (
          <label key={key}>
            {t(`threshold.${key}` as MessageKey)}
            <input
              type="number"
              min={1}
              value={draft[key] ?? String(current[key])}
              onInput={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })}
              onChange={(event) => save(key, event.currentTarget.value)}
            />
          </label>
        ))}
      </div>
      <button
        type="button"
        onClick={() => {
          setDraft({});
          void db.settings.put({ key: SIGNAL_THRESHOLDS, value: { ...DEFAULT_THRESHOLDS } });
        }}
      >
        {t('thresholdsReset')}
      </button>
    </details>
  );
}
