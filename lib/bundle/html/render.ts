import { formatDateTime, formatDuration } from '../../format';
import { en, type Locale, type MessageKey, t } from '../../i18n';
import { describeGap } from '../../journey/gaps';
import { rankHurts } from '../../journey/hurts';
import type { JourneyDocument, JourneyStep } from '../journey-document';
import { escapeHtml } from './escape';
import { COLUMN_WIDTH, EMOTION_LANE_HEIGHT, POSTER_COLUMNS, PRINT_COLUMNS } from './layout';
import { MAP_CSS } from './styles';
import { laneCurveSvg, timePerStageSvg, walkCurveSvg } from './svg';

export interface MapHtmlOptions {
  /**
   * The poster (map.png): the map in rows of POSTER_COLUMNS, no charts, each screenshot an empty
   * `<span class="shot" data-shot="screenshots/…">` the extension page draws the image into. Otherwise:
   * the standalone page, images linked by their path in the bundle (`screenshots/…`, next to index.html).
   */
  poster?: boolean;
}

/** The language the map is written in: the one the export recorded (older bundles have none: English). */
export function journeyLocale(journey: JourneyDocument): Locale {
  return journey.session.language === 'fr' ? 'fr' : 'en';
}

/** The Content-Security-Policy of the map: nothing runs, nothing is fetched but its own images and style. */
export async function mapPolicy(css: string, imageSource: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(css));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return `default-src 'none'; img-src ${imageSource}; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

/**
 * The journey map as one HTML document, the way the review page shows it: who and why, the metrics, the
 * charts, the stages, and the map (stages over the steps, one row per lane, the emotion curve in SVG,
 * screenshots, friction signals). Static: no script, no style attribute, every text escaped; the policy
 * is the first element of `<head>`.
 */
export async function renderMapHtml(journey: JourneyDocument, options: MapHtmlOptions = {}): Promise<string> {
  const locale = journeyLocale(journey);
  // 'self' covers the images next to the page once unzipped (file://, or a folder served over http). The
  // poster is only ever laid out inside the exporting extension page (whose own policy runs no inline
  // script), and html2canvas rewrites its stylesheet as it clones it, which a hash would then refuse.
  const policy = options.poster ? null : await mapPolicy(MAP_CSS, "'self'");
  const title = t('htmlTitle', { title: journey.session.title }, locale);
  return (
    `<!DOCTYPE html>\n<html lang="${locale}"><head>${policy ? `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">` : ''}` +
    `<meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="parcours ${escapeHtml(journey.generator.version)}"><title>${escapeHtml(title)}</title><style>${MAP_CSS}</style></head>\n` +
    `<body${options.poster ? ' class="poster"' : ''}><main class="page review">${mapBody(journey, locale, options)}</main></body></html>\n`
  );
}

function mapBody(journey: JourneyDocument, locale: Locale, options: MapHtmlOptions): string {
  const tr = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(t(key, params, locale));
  const poster = options.poster === true;
  const parts = [header(journey, locale, poster), metrics(journey, locale)];
  if (!poster) {
    const images = journey.steps.filter((step) => step.screenshot).length;
    parts.push(`<p class="message bundle-note">${tr('htmlScreenshotsNote', { count: images })}</p>`);
    parts.push(
      `<div class="charts"><figure class="chart"><figcaption>${tr('chartTimePerStage')}</figcaption>${timePerStageSvg(journey, locale)}</figure>` +
        `<figure class="chart"><figcaption>${tr('chartEmotionCurve')}</figcaption>${walkCurveSvg(journey, locale)}</figure>` +
        `<figure class="chart"><figcaption>${tr('chartWhereItHurts')}</figcaption>${hurts(journey, locale)}</figure></div>`,
    );
    parts.push(`<h2>${tr('mapHeading')}</h2>`, gaps(journey, locale), stageOverview(journey, locale));
  }
  parts.push(grid(journey, locale, options));
  if (!poster) parts.push(`<footer class="hint">${tr('htmlFooter', { version: journey.generator.version })}</footer>`);
  return parts.join('\n');
}

function header(journey: JourneyDocument, locale: Locale, poster: boolean): string {
  const { session } = journey;
  const field = (key: MessageKey, value: string) => (value ? `<div><dt>${escapeHtml(t(key, {}, locale))}</dt><dd>${escapeHtml(value)}</dd></div>` : '');
  const persona = [session.persona.name, session.persona.description].filter(Boolean).join(' – ');
  const setup = [
    field('fieldPersona', persona),
    field('fieldScenario', session.scenario),
    field('fieldGoal', session.goal),
    field('fieldExpectations', session.expectations ?? ''),
  ].join('');
  // The setup as a list of term/description pairs; on the poster the pairs run on one line.
  const list = setup ? `<dl class="setup">${poster ? setup : setup.replace(/<\/?div>/g, '')}</dl>` : '';
  return (
    `<header class="page-header"><h1>${escapeHtml(session.title)}</h1>` +
    `<p class="hint">${escapeHtml(formatDateTime(session.startedAt, locale))} · ${escapeHtml(session.startUrl)}</p>${list}</header>`
  );
}

function metrics(journey: JourneyDocument, locale: Locale): string {
  const m = journey.metrics;
  const rows: [MessageKey, string | number][] = [
    ['metricDuration', formatDuration(m.durationMs, locale)],
    ['metricSteps', m.steps],
    ['metricClicks', m.clicks],
    ['metricPages', m.pages],
    ['metricBacktracks', m.backtracks],
    ['metricHesitations', m.hesitations],
  ];
  const overall = journey.checklist?.scores.overall;
  if (overall != null) rows.push(['metricChecklist', `${overall}%`]);
  const items = rows.map(([key, value]) => `<div><dt>${escapeHtml(t(key, {}, locale))}</dt><dd>${escapeHtml(value)}</dd></div>`).join('');
  return `<section class="metrics" aria-label="${escapeHtml(t('metricsHeading', {}, locale))}"><dl>${items}</dl></section>`;
}

function hurts(journey: JourneyDocument, locale: Locale): string {
  const ranked = rankHurts(journey);
  if (ranked.length === 0) return `<p class="hint">${escapeHtml(t('hurtsEmpty', {}, locale))}</p>`;
  const pain = t('lanePain', {}, locale).toLowerCase();
  const items = ranked.map((hurt) => {
    const meta = [
      hurt.painPoints ? `${hurt.painPoints} ${pain}` : '',
      hurt.signals ? `${hurt.signals} ⚑` : '',
      hurt.valence != null && hurt.valence < 0 ? `${hurt.valence}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return `<li><a href="#step-${hurt.number}">${escapeHtml(t('hurtsItem', { n: hurt.number, action: hurt.action }, locale))}</a> <span class="meta">${escapeHtml(meta)}</span></li>`;
  });
  return `<ol class="hurts">${items.join('')}</ol>`;
}

function gaps(journey: JourneyDocument, locale: Locale): string {
  const lines = [
    ...journey.gaps.map((gap) => {
      const after = journey.steps.filter((step) => step.t <= gap.fromT).length;
      const text = `${after > 0 ? `${t('gapAfterStep', { step: after }, locale)} · ` : ''}${describeGap(gap, locale)}`;
      return `<li class="gap ${escapeHtml(gap.reason)}">${escapeHtml(text)}</li>`;
    }),
    ...journey.recorderGaps.map((gap) => `<li class="gap recorder">${escapeHtml(gap.description)}</li>`),
  ];
  if (lines.length === 0) return '';
  return `<section class="recording-gaps"><h3>${escapeHtml(t('gapsHeading', {}, locale))}</h3><ul>${lines.join('')}</ul></section>`;
}

function stageOverview(journey: JourneyDocument, locale: Locale): string {
  const scores = journey.checklist?.scores.perStage ?? [];
  const cards = [...journey.stages]
    .sort((a, b) => a.order - b.order)
    .map((stage) => {
      const steps = journey.steps.filter((step) => step.stageId === stage.id);
      const durationMs = journey.metrics.perStage.find((row) => row.stageId === stage.id)?.durationMs ?? 0;
      const score = scores.find((row) => row.stageId === stage.id);
      const first = steps[0];
      const name = first
        ? `<a class="stage-name" href="#step-${first.index + 1}">${escapeHtml(stage.name)}</a>`
        : `<span class="stage-name">${escapeHtml(stage.name)}</span>`;
      const count =
        steps.length === 0 ? t('stageNoSteps', {}, locale) : t('stageSteps', { count: steps.length, time: formatDuration(durationMs, locale) }, locale);
      const scoreText = score
        ? score.score != null
          ? t('stageScore', { score: score.score, answered: score.answered, total: score.total }, locale)
          : t('stageScoreNone', { answered: score.answered, total: score.total }, locale)
        : '';
      return (
        `<li class="stage-card${steps.length === 0 ? ' empty' : ''}" data-stage="${escapeHtml(stage.id)}">${name}<span class="meta">${escapeHtml(count)}</span>` +
        `${scoreText ? `<span class="meta">${escapeHtml(scoreText)}</span>` : ''}</li>`
      );
    });
  return `<ol class="stage-overview" aria-label="${escapeHtml(t('stagesHeading', {}, locale))}">${cards.join('')}</ol>`;
}

/** Runs of consecutive steps drawn as one table: a stage (cut every PRINT_COLUMNS) for the page, POSTER_COLUMNS for the poster. */
function runsOf(steps: readonly JourneyStep[], poster: boolean): { from: number; count: number; continued: boolean }[] {
  const runs: { from: number; count: number; continued: boolean }[] = [];
  if (poster) {
    for (let from = 0; from < steps.length; from += POSTER_COLUMNS) runs.push({ from, count: Math.min(POSTER_COLUMNS, steps.length - from), continued: false });
    return runs;
  }
  let from = 0;
  while (from < steps.length) {
    let to = from;
    while (to + 1 < steps.length && steps[to + 1]?.stageId === steps[from]?.stageId) to++;
    for (let start = from; start <= to; start += PRINT_COLUMNS)
      runs.push({ from: start, count: Math.min(PRINT_COLUMNS, to - start + 1), continued: start > from });
    from = to + 1;
  }
  return runs;
}

interface Lane {
  key: string;
  label: MessageKey;
  cell: (step: JourneyStep) => string;
}

function list(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '';
}

function missingText(reason: string | undefined, locale: Locale): string {
  const key = `reason.${reason}`;
  return t('noScreenshot', { reason: reason && key in en ? t(key as MessageKey, {}, locale) : t('reason.unknown', {}, locale) }, locale);
}

function lanes(journey: JourneyDocument, locale: Locale, options: MapHtmlOptions): Lane[] {
  const poster = options.poster;
  const screenshot = (step: JourneyStep) => {
    const number = step.index + 1;
    if (!step.screenshot) return `<span class="no-shot meta">${escapeHtml(missingText(step.screenshotMissing, locale))}</span>`;
    // Alone (not unzipped with its folder), the page shows this text where the image would be: the file it needs.
    const alt = escapeHtml(t('htmlScreenshotAlt', { n: number, file: step.screenshot }, locale));
    if (poster) return `<span class="shot" role="img" aria-label="${alt}" data-shot="${escapeHtml(step.screenshot)}"></span>`;
    const path = escapeHtml(step.screenshot);
    return `<a class="shot" href="${path}"><img src="${path}" alt="${alt}" loading="lazy" decoding="async"></a>`;
  };
  const signal = (item: JourneyStep['signals'][number]) => {
    const key = `signal.${item.type}`;
    const name = key in en ? t(key as MessageKey, {}, locale) : item.type;
    const decision = item.decision ? ` <span class="meta">${escapeHtml(t(item.decision === 'accepted' ? 'accepted' : 'dismissed', {}, locale))}</span>` : '';
    return `<div class="signal ${item.decision ?? 'open'}" data-signal="${escapeHtml(item.type)}"><span class="signal-name" title="${escapeHtml(item.description)}">⚑ ${escapeHtml(name)}</span>${decision}</div>`;
  };
  const all: Lane[] = [
    { key: 'screenshot', label: 'laneScreenshot', cell: screenshot },
    {
      key: 'action',
      label: 'laneAction',
      cell: (step) => `<strong>${step.index + 1}. ${escapeHtml(step.action)}</strong>${step.momentOfTruth ? '<span class="mot"> ★</span>' : ''}`,
    },
    { key: 'touchpoint', label: 'laneTouchpoint', cell: (step) => escapeHtml(step.touchpoint.page ?? step.touchpoint.site ?? '') },
    { key: 'thoughts', label: 'laneThoughts', cell: (step) => list(step.thoughts) },
    { key: 'emotion', label: 'laneEmotion', cell: () => '' },
    { key: 'pain', label: 'lanePain', cell: (step) => list(step.painPoints) + step.signals.map(signal).join('') },
    { key: 'opportunities', label: 'laneOpportunities', cell: (step) => list(step.opportunities) },
    { key: 'expectations', label: 'laneExpectations', cell: (step) => list(step.expectations) },
    { key: 'notes', label: 'laneNotes', cell: (step) => list(step.notes) },
    {
      key: 'metrics',
      label: 'laneMetrics',
      cell: (step) =>
        `<span class="meta">${escapeHtml(formatDuration(step.durationMs, locale))}${
          step.timeToFirstActionMs != null ? ` · ${escapeHtml(t('firstAction', { time: formatDuration(step.timeToFirstActionMs, locale) }, locale))}` : ''
        }</span>`,
    },
  ];
  // The notes lane only when a step has notes (the review page shows them in the step view).
  return journey.steps.some((step) => step.notes.length > 0) ? all : all.filter((lane) => lane.key !== 'notes');
}

function grid(journey: JourneyDocument, locale: Locale, options: MapHtmlOptions): string {
  const steps = journey.steps;
  const tr = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(t(key, params, locale));
  if (steps.length === 0) return `<p class="hint">${tr('htmlNoSteps')}</p>`;
  const stageName = (id: string | null) => journey.stages.find((stage) => stage.id === id)?.name ?? '';
  const laneList = lanes(journey, locale, options);
  // A cell's content in a box of its lane's height (the page scrolls a long one). The poster's cells go
  // without the box: html2canvas's time grows with the nodes, and a poster cell may grow to show it all.
  const box = options.poster ? (content: string) => content : (content: string) => `<div class="c">${content}</div>`;
  const head = (label: MessageKey) => `<th scope="row" class="lane-head">${box(tr(label))}</th>`;
  const tables = runsOf(steps, options.poster === true).map((run) => {
    const columns = steps.slice(run.from, run.from + run.count);
    const bands: { stageId: string | null; count: number }[] = [];
    for (const step of columns) {
      const band = bands[bands.length - 1];
      if (band && band.stageId === step.stageId) band.count++;
      else bands.push({ stageId: step.stageId, count: 1 });
    }
    const stageRow = `<tr class="row-stage">${head('laneStage')}${bands
      .map((band) => `<th scope="colgroup" colspan="${band.count}" class="stage-band">${box(escapeHtml(stageName(band.stageId)))}</th>`)
      .join('')}</tr>`;
    const rows = laneList.map((lane) => {
      if (lane.key === 'emotion') {
        return `<tr class="row-emotion">${head(lane.label)}<td colspan="${run.count}" class="curve-cell">${box(laneCurveSvg(steps, run.from, run.count, COLUMN_WIDTH, EMOTION_LANE_HEIGHT, locale))}</td></tr>`;
      }
      const cells = columns.map(
        (step) => `<td class="cell"${lane.key === 'action' ? ` id="step-${step.index + 1}"` : ''} data-step="${step.index + 1}">${box(lane.cell(step))}</td>`,
      );
      return `<tr class="row-${lane.key}">${head(lane.label)}${cells.join('')}</tr>`;
    });
    return `<table class="block${run.continued ? ' continued' : ''}"><thead>${stageRow}</thead><tbody>${rows.join('')}</tbody></table>`;
  });
  return `<section class="journey" aria-label="${tr('mapScroll', { count: steps.length })}"><div class="blocks">${tables.join('')}</div></section>`;
}
