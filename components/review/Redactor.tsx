import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { clickMarkOnImage } from '@/lib/journey/click-mark';
import type { MapStep } from '@/lib/journey/map-types';
import { normalizeBox } from '@/lib/journey/redaction-boxes';
import { sendToBackground } from '@/lib/messaging/client';
import { readDatabase } from '@/lib/store/reads';
import type { RedactionRecord } from '@/lib/store/records';
import { explain } from '../common/errors';
import { missingScreenshotText } from '../common/labels';
import { ConfirmDialog } from '../sessions/ConfirmDialog';

type Box = { x: number; y: number; width: number; height: number };

/** Blurs the boxes of an image with a canvas; the result is what exports carry. */
async function blurBoxes(source: Blob, boxes: Box[]): Promise<Blob> {
  const bitmap = await createImageBitmap(source);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0);
  for (const box of boxes) {
    context.save();
    context.beginPath();
    context.rect(box.x, box.y, box.width, box.height);
    context.clip();
    // A strong blur, then a flat wash: text under it cannot be read back.
    context.filter = 'blur(18px)';
    context.drawImage(bitmap, 0, 0);
    context.filter = 'none';
    context.fillStyle = 'rgba(128,128,128,0.35)';
    context.fillRect(box.x, box.y, box.width, box.height);
    context.restore();
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

/**
 * A Blob as a data URL: how an image crosses runtime.sendMessage, which serializes to JSON (a Blob would
 * arrive as `{}`). The background turns it back into a Blob.
 */
function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * The step's screenshot, large, with the click marked. Drawing boxes on it and saving keeps a blurred copy
 * that exports use instead of the original; the original stays until the tester chooses to destroy it.
 */
export function Redactor({
  sessionId,
  screenshotId,
  point,
  devicePixelRatio,
  redaction,
  missing,
  alt = t('laneScreenshot'),
}: {
  sessionId: string;
  screenshotId: string | null;
  point: { x: number; y: number } | null;
  devicePixelRatio: number | null;
  redaction: RedactionRecord | undefined;
  /** Why there is no screenshot: every reason has its label (reason.* in lib/i18n). */
  missing: MapStep['screenshotMissing'];
  /** What the image is, for those who cannot see it (the step's screenshot unless said otherwise). */
  alt?: string;
}) {
  const [original, setOriginal] = useState<{ blob: Blob; width: number; height: number } | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [drawing, setDrawing] = useState<{ x: number; y: number } | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const image = useRef<HTMLImageElement>(null);

  useEffect(() => {
    if (!screenshotId) return;
    let cancelled = false;
    void readDatabase()
      .screenshots.get(screenshotId)
      .then((shot) => {
        if (!cancelled && shot) setOriginal({ blob: shot.blob, width: shot.width, height: shot.height });
      });
    return () => {
      cancelled = true;
    };
  }, [screenshotId]);

  const shown = editing ? original?.blob : (redaction?.redactedBlob ?? original?.blob);
  useEffect(() => {
    if (!shown) return;
    const next = URL.createObjectURL(shown);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [shown]);

  if (!screenshotId) return <p class="message">{missingScreenshotText(missing)}</p>;

  const toImage = (event: PointerEvent) => {
    const rect = image.current?.getBoundingClientRect();
    if (!rect || !original) return { x: 0, y: 0 };
    return { x: ((event.clientX - rect.left) / rect.width) * original.width, y: ((event.clientY - rect.top) / rect.height) * original.height };
  };
  const save = async () => {
    if (!original) return;
    setError(null);
    try {
      const clean = boxes.map((box) => normalizeBox(box, original)).filter((box): box is Box => box != null);
      if (clean.length === 0) return;
      const all = [...(redaction?.boxes ?? []), ...clean];
      const redactedImage = await dataUrlOf(await blurBoxes(original.blob, all));
      await sendToBackground('redaction/save', { sessionId, screenshotId, boxes: all, redactedImage });
      setBoxes([]);
      setEditing(false);
    } catch (failure) {
      setError(explain(failure));
    }
  };
  const mark = editing ? null : clickMarkOnImage(point, original, devicePixelRatio);
  return (
    <figure class="large-shot">
      <div
        class={`shot-frame${editing ? ' drawing' : ''}`}
        // A drawing surface: the pointer drags boxes, the keyboard adds, moves and sizes them.
        role="application"
        tabIndex={editing ? 0 : -1}
        aria-label={editing ? t('redactKeyboard') : alt}
        onKeyDown={(event) => {
          if (!editing || !original) return;
          const step = Math.round(original.width / 50);
          if (event.key === 'Enter') {
            event.preventDefault();
            setBoxes([...boxes, { x: original.width * 0.4, y: original.height * 0.4, width: original.width * 0.2, height: original.height * 0.1 }]);
            return;
          }
          const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
          const move = moves[event.key];
          const last = boxes[boxes.length - 1];
          if (!move || !last) return;
          event.preventDefault();
          const next = event.shiftKey
            ? { ...last, width: Math.max(step, last.width + move[0]), height: Math.max(step, last.height + move[1]) }
            : { ...last, x: last.x + move[0], y: last.y + move[1] };
          setBoxes([...boxes.slice(0, -1), next]);
        }}
        onPointerDown={(event) => {
          if (!editing) return;
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
          setDrawing(toImage(event));
        }}
        onPointerUp={(event) => {
          if (!editing || !drawing) return;
          const end = toImage(event);
          setBoxes([...boxes, { x: drawing.x, y: drawing.y, width: end.x - drawing.x, height: end.y - drawing.y }]);
          setDrawing(null);
        }}
      >
        {url && <img ref={image} src={url} alt={alt} draggable={false} />}
        {original &&
          [...(editing ? (redaction?.boxes ?? []) : []), ...boxes].map((box, index) => {
            const norm = normalizeBox(box, original);
            if (!norm) return null;
            return (
              <span
                key={index}
                class="redact-box"
                style={{
                  left: `${(norm.x / original.width) * 100}%`,
                  top: `${(norm.y / original.height) * 100}%`,
                  width: `${(norm.width / original.width) * 100}%`,
                  height: `${(norm.height / original.height) * 100}%`,
                }}
              />
            );
          })}
        {mark && <span class="click-mark" aria-hidden="true" style={{ left: `${mark.x * 100}%`, top: `${mark.y * 100}%` }} />}
      </div>
      <figcaption class="row no-print">
        {redaction && <span class="badge">{redaction.originalDestroyed ? t('originalDestroyed') : t('redacted')}</span>}
        {!editing ? (
          <button type="button" onClick={() => setEditing(true)} disabled={redaction?.originalDestroyed}>
            {t('redactStart')}
          </button>
        ) : (
          <>
            <span class="hint">{t('redactHint')}</span>
            <button type="button" class="primary" disabled={boxes.length === 0} onClick={() => void save()}>
              {t('redactSave')}
            </button>
            <button
              type="button"
              onClick={() => {
                setBoxes([]);
                setEditing(false);
              }}
            >
              {t('cancel')}
            </button>
          </>
        )}
        {redaction && !redaction.originalDestroyed && !editing && (
          <>
            <button
              type="button"
              onClick={() => void sendToBackground('redaction/clear', { sessionId, screenshotId }).catch((failure) => setError(explain(failure)))}
            >
              {t('redactClear')}
            </button>
            <button type="button" class="danger" onClick={() => setConfirm(true)}>
              {t('redactDestroy')}
            </button>
          </>
        )}
      </figcaption>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      {confirm && (
        <ConfirmDialog
          message={t('redactDestroyConfirm')}
          confirmLabel={t('redactDestroy')}
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            void sendToBackground('redaction/destroy-original', { sessionId, screenshotId }).catch((failure) => setError(explain(failure)));
          }}
        />
      )}
    </figure>
  );
}
