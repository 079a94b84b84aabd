/** The standalone map's geometry: the review page's (components/review/JourneyGrid.tsx). */
export const COLUMN_WIDTH = 190;
export const LANE_HEAD_WIDTH = 120;
export const EMOTION_LANE_HEIGHT = 110;
/** Columns on each printed page (landscape), as the review page prints: a stage starts a page. */
export const PRINT_COLUMNS = 6;

/** The poster (map.png): the map wrapped in rows of this many columns, each row with its lane names. */
export const POSTER_COLUMNS = 20;
export const POSTER_PADDING = 24;
/** The poster's header: title, persona, metrics, in a fixed height so the rows' place is known. */
export const POSTER_HEADER_HEIGHT = 150;
/** Space between two rows of the poster. */
export const POSTER_ROW_GAP = 16;
/** The screenshot box of a poster cell, in CSS px (a thumbnail is made at this size times the scale). */
export const POSTER_THUMB = { width: 182, height: 112 };

/**
 * The poster's limits. A canvas costs 4 bytes a pixel: 16 M pixels is 64 MB, under the export's 100 MB
 * budget with the thumbnails; 16,384 px is the largest side every browser draws. A larger map is drawn
 * smaller (the scale below 1), never cut.
 */
export const POSTER_MAX_PIXELS = 16 * 1024 * 1024;
export const POSTER_MAX_SIDE = 16_384;

/** The poster's CSS width for a walk of `steps` steps: the rows' width and the padding. */
export function posterWidth(steps: number): number {
  const columns = Math.max(1, Math.min(steps, POSTER_COLUMNS));
  return 2 * POSTER_PADDING + LANE_HEAD_WIDTH + columns * COLUMN_WIDTH;
}

/**
 * The scale a poster of `width` × `height` CSS px is drawn at: 1, or less to keep within the limits. The
 * image is `round(width × scale)` × `round(height × scale)` pixels.
 */
export function posterScale(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return 1;
  return Math.min(1, Math.sqrt(POSTER_MAX_PIXELS / (width * height)), POSTER_MAX_SIDE / width, POSTER_MAX_SIDE / height);
}

/** The poster's image size in pixels, for a map `width` × `height` CSS px. */
export function posterPixels(width: number, height: number): { width: number; height: number; scale: number } {
  const scale = posterScale(width, height);
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)), scale };
}
