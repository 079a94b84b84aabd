import { useEffect, useRef, useState } from 'preact/hooks';
import { database } from '@/lib/store/db';

/**
 * A screenshot loaded only when it scrolls into view, as an object URL revoked when it leaves the page.
 * The click point is marked when given (CSS pixels of the page; the image is in device pixels).
 */
export function Thumbnail({ screenshotId, point, alt = '' }: { screenshotId: string | null; point?: { x: number; y: number } | null; alt?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [image, setImage] = useState<{ url: string; width: number; height: number } | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || visible) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [visible]);
  useEffect(() => {
    if (!visible || !screenshotId) return;
    let url: string | null = null;
    let cancelled = false;
    void database()
      .screenshots.get(screenshotId)
      .then((shot) => {
        if (!shot || cancelled) return;
        url = URL.createObjectURL(shot.blob);
        setImage({ url, width: shot.width, height: shot.height });
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [visible, screenshotId]);
  const ratio = image && image.width > 0 ? image.width / Math.max(1, image.width / (window.devicePixelRatio || 1)) : 1;
  return (
    <div class="thumb" ref={box}>
      {image && <img src={image.url} alt={alt} />}
      {image && point && image.width > 0 && (
        <span
          class="click-mark"
          aria-hidden="true"
          style={{ left: `${((point.x * ratio) / image.width) * 100}%`, top: `${((point.y * ratio) / image.height) * 100}%` }}
        />
      )}
    </div>
  );
}
