/** Where the overlay sits and whether it is folded, remembered across pages (extension storage). */
export const OVERLAY_LAYOUT_KEY = 'parcours:overlay-layout';

export interface OverlayLayout {
  position: { right: number; bottom: number };
  collapsed: boolean;
}

export const DEFAULT_LAYOUT: OverlayLayout = { position: { right: 16, bottom: 16 }, collapsed: false };

export function readLayout(value: unknown): OverlayLayout {
  const layout = value as Partial<OverlayLayout> | null;
  const right = Number(layout?.position?.right);
  const bottom = Number(layout?.position?.bottom);
  if (!Number.isFinite(right) || !Number.isFinite(bottom)) return DEFAULT_LAYOUT;
  return { position: { right: Math.max(0, right), bottom: Math.max(0, bottom) }, collapsed: layout?.collapsed === true };
}
