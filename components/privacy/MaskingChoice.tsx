import { useState } from 'preact/hooks';
import type { MessageKey } from '@/lib/i18n';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { MASKING_MODES, type MaskingMode } from '@/lib/privacy/masking-mode';
import { MASKING_DEFAULT } from '@/lib/store/settings';

const NAMES: Record<MaskingMode, MessageKey> = { strict: 'maskingStrict', balanced: 'maskingBalanced', relaxed: 'maskingRelaxed' };
const EXPLANATIONS: Record<MaskingMode, MessageKey> = {
  strict: 'maskingStrictExplain',
  balanced: 'maskingBalancedExplain',
  relaxed: 'maskingRelaxedExplain',
};

export function maskingName(mode: MaskingMode): string {
  return t(NAMES[mode]);
}

/** The masking mode of the walk about to start, with what it means and a way to keep it as the default. */
export function MaskingChoice({ value, isDefault, onChange }: { value: MaskingMode; isDefault: boolean; onChange: (mode: MaskingMode) => void }) {
  const [saved, setSaved] = useState(false);
  const makeDefault = async () => {
    await sendToBackground('settings/set', { key: MASKING_DEFAULT, value });
    setSaved(true);
  };
  return (
    <fieldset class="masking-choice">
      <legend>{t('maskingMode')}</legend>
      {MASKING_MODES.map((mode) => (
        <label key={mode} class="masking-option">
          <input
            type="radio"
            name="masking"
            value={mode}
            checked={value === mode}
            onChange={() => {
              setSaved(false);
              onChange(mode);
            }}
          />
          <span>
            <strong>{t(NAMES[mode])}</strong> <span class="hint">{t(EXPLANATIONS[mode])}</span>
          </span>
        </label>
      ))}
      {!isDefault && !saved && (
        <button type="button" class="link" onClick={() => void makeDefault()}>
          {t('maskingMakeDefault')}
        </button>
      )}
      {saved && (
        <p class="hint" role="status">
          {t('maskingDefaultSaved', { mode: t(NAMES[value]) })}
        </p>
      )}
    </fieldset>
  );
}
