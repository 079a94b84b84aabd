import { useEffect, useRef, useState } from 'preact/hooks';
import type { Point } from '@/lib/capture/events';
import { clickMarkOnImage } from '@/lib/journey/click-mark';
import { readDatabase } from '@/lib/store/reads';

/** Where a thumbnail is: waiting to scroll into view, reading its image, shown, or without an image. */
export type ThumbnailState = 'idle' | 'loading' | 'ready' | 'none';

/**
 * A screenshot loaded only when it scrolls into view (or at once when `eager`, for printing), as an object
 * URL revoked when it leaves the page. A blurred copy made by redaction is shown instead of the original:
 * what the tester blurred is never shown again. The whole image is shown (never cropped) with the click
 * marked where it happened. `data-state` tells a print in preparation when every image is ready.
 */
export function Thumbnail({
  screenshotId,
  point,
  devicePixelRatio = null,
  alt = '',
  eager = false,
}: {
  screenshotId: string | null;
  point?: Point | null;
  devicePixelRatio?: number | null;
  alt?: string;
  eager?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [inView, setInView] = useState(false);
  const [image, setImage] = useState<{ url: string; width: number; height: number } | null>(null);
  const [state, setState] = useState<ThumbnailState>('idle');
  const wanted = inView || eager;
  useEffect(() => {
    const element = box.current;
    if (!element || wanted) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setInView(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [wanted]);
  useEffect(() => {
    if (!wanted) return;
    if (!screenshotId) {
      setState('none');
      return;
    }
    let url: string | null = null;
    let cancelled = false;
    setState('loading');
    const db = readDatabase();
    void Promise.all([db.screenshots.get(screenshotId), db.redactions.where('screenshotId').equals(screenshotId).first()])
      .then(([shot, redaction]) => {
        if (cancelled) return;
        const blob = redaction?.redactedBlob ?? shot?.blob;
        if (!shot || !blob) {
          setState('none');
          return;
        }
        url = URL.createObjectURL(blob);
        setImage({ url, width: shot.width, height: shot.height });
        setState('ready');
      })
      .catch(() => {
        if (!cancelled) setState('none');
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [wanted, screenshotId]);
  const mark = image ? clickMarkOnImage(point ?? null, image, devicePixelRatio) : null;
  // The image keeps its own shape inside the box: as wide as the box when it is wider than the box's 16:10,
  // as tall as the box otherwise.
  const wide = image ? image.width / Math.max(1, image.height) >= 16 / 10 : true;
  return (
    <div class="thumb" ref={box} data-state={state}>
      {image && (
        <span class={`thumb-image ${wide ? 'wide' : 'tall'}`} style={{ aspectRatio: `${image.width} / ${image.height}` }}>
          <img src={image.url} alt={alt} />
          {mark && <span class="click-mark" aria-hidden="true" style={{ left: `${mark.x * 100}%`, top: `${mark.y * 100}%` }} />}
        </span>
      )}
    </div>
  );
}
