import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import { EDITABLE_THRESHOLDS, type EditableThreshold, mergeThresholds } from '@/lib/journey/thresholds';
import { sendToBackground } from '@/lib/messaging/client';
import { readDatabase } from '@/lib/store/reads';
import { SIGNAL_THRESHOLDS } from '@/lib/store/settings';
import { explain } from '../common/errors';
import { useLiveQuery } from '../common/useAsync';

/** The friction-signal thresholds, for every walk; the map and exports follow them at once. */
export function ThresholdSettings() {
  const db = readDatabase();
  const current = useLiveQuery(async () => mergeThresholds((await db.settings.get(SIGNAL_THRESHOLDS))?.value), []);
  const [draft, setDraft] = useState<Partial<Record<EditableThreshold, string>>>({});
  const [error, setError] = useState<string | null>(null);
  if (!current) return null;
  const write = (value: Partial<Record<EditableThreshold, number>>) => {
    setError(null);
    sendToBackground('settings/set', { key: SIGNAL_THRESHOLDS, value }).catch((failure) => setError(explain(failure)));
  };
  const save = (key: EditableThreshold, raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) return;
    write({ ...Object.fromEntries(EDITABLE_THRESHOLDS.map((name) => [name, current[name]])), [key]: value });
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
          // No stored threshold: every one is its default again.
          write({});
        }}
      >
        {t('thresholdsReset')}
      </button>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
