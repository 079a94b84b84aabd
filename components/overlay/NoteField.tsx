import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoteKind } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';
import { trustedOnly } from '@/lib/page-recorder/context';
import { NOTE_KEYS } from '../common/labels';

/**
 * The overlay's note field, drawn in an extension page framed by the overlay (entrypoints/overlay-note): what
 * the tester types there never reaches the page, whose listeners see no key of it. Enter saves, Shift+Enter
 * starts a new line, Escape gives up; either way the overlay closes the frame and gives the focus back.
 */
export function NoteField({ kind, save, cancel }: { kind: NoteKind; save(text: string): Promise<void>; cancel(): void }) {
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);

  const submit = async () => {
    if (saving || text.trim() === '') return;
    setSaving(true);
    try {
      await save(text);
      setText('');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (event.isTrusted) void submit();
      }}
    >
      <label>
        <span class="visually-hidden">{t(NOTE_KEYS[kind])}</span>
        <textarea
          ref={field}
          rows={2}
          value={text}
          placeholder={t('overlayNotePlaceholder', { kind: t(NOTE_KEYS[kind]) })}
          onInput={trustedOnly((event) => setText((event.currentTarget as HTMLTextAreaElement).value))}
          onKeyDown={trustedOnly((event: KeyboardEvent) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void submit();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              cancel();
            }
          })}
        />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={saving}>
          {t('save')}
        </button>
        <button type="button" onClick={trustedOnly(() => cancel())}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
