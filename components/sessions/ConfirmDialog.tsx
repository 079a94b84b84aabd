import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';

/** A modal confirmation: focus starts on Cancel, Escape cancels, the destructive action is explicit. */
export function ConfirmDialog({
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-message"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <p id="confirm-message">{message}</p>
      <div class="actions">
        {/* biome-ignore lint/a11y/noAutofocus: focus belongs on the safe choice of a destructive dialog. */}
        <button type="button" autoFocus onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
