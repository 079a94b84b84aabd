import type { Valence } from '../../annotations/types';
import { formatDuration } from '../../format';
import { type Locale, type MessageKey, t } from '../../i18n';
import { emotionLabelText } from '../../i18n/session-locale';
import { emotionCurve } from '../../journey/curve';
import { FACE_FILL, FACE_MOUTH } from '../../journey/face';
import type { JourneyDocument, JourneyStep } from '../journey-document';
import { escapeHtml, num } from './escape';

/** Vertical position of a valence in a lane of `height` px (+2 at the top): the review page's scale. */
function valenceY(valence: number, height: number, pad = 14): number {
  return pad + ((2 - valence) / 4) * (height - 2 * pad);
}

function valenceOf(value: number): Valence {
  return Math.max(-2, Math.min(2, Math.round(value))) as Valence;
}

/** An emotion face as SVG, placed at (x, y) top-left; decorative (the curve's title names it). */
export function faceSvg(valence: number, x: number, y: number, size: number): string {
  const v = valenceOf(valence);
  return (
    `<svg x="${num(x)}" y="${num(y)}" width="${num(size)}" height="${num(size)}" viewBox="0 0 24 24" aria-hidden="true">` +
    `<circle cx="12" cy="12" r="10.5" fill="${FACE_FILL[v]}" stroke="#37474f" stroke-width="1.2"/>` +
    '<circle cx="8.6" cy="9.5" r="1.3" fill="#263238"/><circle cx="15.4" cy="9.5" r="1.3" fill="#263238"/>' +
    `<path d="${FACE_MOUTH[v]}" fill="none" stroke="#263238" stroke-width="1.6" stroke-linecap="round"/></svg>`
  );
}

export const VALENCE_KEYS: Record<Valence, MessageKey> = { [-2]: 'valence.-2', [-1]: 'valence.-1', 0: 'valence.0', 1: 'valence.1', 2: 'valence.2' };

/**
 * The emotion lane of a run of columns, `from` to `from + count` of the walk's steps: a face on each tagged
 * step, a line only between neighbouring steps that both have an emotion (a line crossing into the next
 * or previous run is drawn to the edge, so runs side by side read as one curve).
 */
export function laneCurveSvg(steps: readonly JourneyStep[], from: number, count: number, columnWidth: number, height: number, locale: Locale): string {
  const curve = emotionCurve(steps);
  const width = count * columnWidth;
  const x = (position: number) => (position - from) * columnWidth + columnWidth / 2;
  const y = (valence: number) => valenceY(valence, height);
  const inRun = (position: number) => position >= from && position < from + count;
  const axes = [2, 0, -2]
    .map((valence) => `<line x1="0" x2="${num(width)}" y1="${num(y(valence))}" y2="${num(y(valence))}" class="${valence === 0 ? 'axis zero' : 'axis'}"/>`)
    .join('');
  const path = curve.segments
    .filter(([a, b]) => inRun(a.position) || inRun(b.position))
    .map(([a, b]) => `M${num(x(a.position))},${num(y(a.valence))} L${num(x(b.position))},${num(y(b.valence))}`)
    .join(' ');
  const faces = curve.points
    .filter((point) => inRun(point.position))
    .map((point) => {
      const name = `${point.position + 1}. ${t(VALENCE_KEYS[valenceOf(point.valence)], {}, locale)}${point.label ? ` · ${emotionLabelText(point.label, locale)}` : ''}`;
      return `<g class="face"><title>${escapeHtml(name)}</title>${faceSvg(point.valence, x(point.position) - 11, y(point.valence) - 11, 22)}</g>`;
    })
    .join('');
  return (
    `<svg class="curve" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${escapeHtml(t('laneEmotion', {}, locale))}">` +
    `${axes}${path ? `<path d="${path}" class="line"/>` : ''}${faces}</svg>`
  );
}

/** Faces are drawn on the whole-walk curve up to this many steps; beyond, dots keep it readable. */
const FACES_UP_TO = 40;

/** The whole walk's emotion curve (stages as bands), as the review page's chart draws it. */
export function walkCurveSvg(journey: JourneyDocument, locale: Locale): string {
  const steps = journey.steps;
  const curve = emotionCurve(steps);
  if (curve.points.length === 0) return `<p class="hint">${escapeHtml(t('curveEmpty', {}, locale))}</p>`;
  const width = 600;
  const height = 150;
  const left = 26;
  const span = Math.max(1, steps.length);
  const columnWidth = (width - left) / span;
  const x = (position: number) => left + (position + 0.5) * columnWidth;
  const y = (valence: number) => valenceY(valence, height, 16);
  const stageName = (id: string | null) => journey.stages.find((stage) => stage.id === id)?.name ?? '';
  const bands: { stageId: string | null; from: number; to: number }[] = [];
  for (const [position, step] of steps.entries()) {
    const band = bands[bands.length - 1];
    if (band && band.stageId === step.stageId) band.to = position;
    else bands.push({ stageId: step.stageId, from: position, to: position });
  }
  const bandSvg = bands
    .map((band, i) => {
      const bandWidth = (band.to - band.from + 1) * columnWidth;
      const name =
        bandWidth > 48 ? `<text x="${num(left + band.from * columnWidth + 4)}" y="11" class="band-name">${escapeHtml(stageName(band.stageId))}</text>` : '';
      return `<g class="band${i % 2 ? ' odd' : ''}"><rect x="${num(left + band.from * columnWidth)}" y="0" width="${num(bandWidth)}" height="${height}"/>${name}</g>`;
    })
    .join('');
  const axes = ([2, 0, -2] as const)
    .map(
      (valence) =>
        `<line x1="${left}" x2="${width}" y1="${num(y(valence))}" y2="${num(y(valence))}" class="${valence === 0 ? 'axis zero' : 'axis'}"/>${faceSvg(valence, 2, y(valence) - 8, 16)}`,
    )
    .join('');
  const path = curve.segments.map(([a, b]) => `M${num(x(a.position))},${num(y(a.valence))} L${num(x(b.position))},${num(y(b.valence))}`).join(' ');
  const faces = steps.length <= FACES_UP_TO;
  const points = curve.points
    .map((point) =>
      faces
        ? faceSvg(point.valence, x(point.position) - 8, y(point.valence) - 8, 16)
        : `<circle cx="${num(x(point.position))}" cy="${num(y(point.valence))}" r="2.5" class="dot v${valenceOf(point.valence)}"/>`,
    )
    .join('');
  const label = t('curveSummary', { tagged: curve.points.length, steps: steps.length }, locale);
  return (
    `<svg class="walk-curve" width="100%" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">` +
    `${bandSvg}${axes}${path ? `<path d="${path}" class="line"/>` : ''}${points}</svg>`
  );
}

/** Time per stage as horizontal bars, every stage shown, empty ones included. */
export function timePerStageSvg(journey: JourneyDocument, locale: Locale): string {
  const rows = journey.metrics.perStage;
  const longest = Math.max(1, ...rows.map((row) => row.durationMs));
  const name = (id: string) => journey.stages.find((stage) => stage.id === id)?.name ?? id;
  const rowHeight = 24;
  const bars = rows
    .map((row, i) => {
      const width = Math.max(row.durationMs > 0 ? 2 : 0, (row.durationMs / longest) * 200);
      return (
        `<g transform="translate(0,${i * rowHeight})"><text x="0" y="16">${escapeHtml(name(row.stageId))}</text>` +
        `<rect x="130" y="5" height="14" width="${num(width)}" class="bar"/><text x="340" y="16">${escapeHtml(formatDuration(row.durationMs, locale))}</text></g>`
      );
    })
    .join('');
  const label = escapeHtml(t('chartTimePerStage', {}, locale));
  return `<svg width="100%" height="${rows.length * rowHeight}" viewBox="0 0 400 ${rows.length * rowHeight}" role="img" aria-label="${label}">${bars}</svg>`;
}
