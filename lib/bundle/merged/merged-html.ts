import { formatDuration } from '../../format';
import { type Locale, type MessageKey, t } from '../../i18n';
import type { MergedComparisons } from '../../journey/compare/baseline';
import type { WalkComparison } from '../../journey/compare/compare';
import { sideText, signedNumber, stageText, stepDifference, stepDiffers, summaryLines, walkLabel } from '../../journey/compare/compare-text';
import { emotionSummaryText } from '../../journey/merge/stats-text';
import type { MergedJourney, MergedStage, Tally } from '../../journey/merge/types';
import { escapeHtml } from '../html/escape';
import { mapPolicy } from '../html/render';
import { MAP_CSS } from '../html/styles';

/**
 * The merged map's own rules, after the single walk's (lib/bundle/html/styles.ts): tables of statistics and of
 * comparisons. No style attribute, no `url()`; printed, each stage and each comparison starts a page.
 */
export const MERGED_CSS = `table.data{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9rem}
.data caption{text-align:left;font-weight:700;padding:.3rem 0}
.data th,.data td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.data thead th{background:var(--wash)}
.data td.number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.data ul{margin:0;padding-left:1rem}
.data .thumb{display:block;width:160px;height:100px;object-fit:contain;object-position:top center;background:var(--wash);font-size:.7rem;color:var(--muted)}
.data tr.differs td{background:#fff4e5}
.data tr.only td{background:#f3f5fb}
.merged-stats{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}
.merged-stats dt{font-weight:600}
.merged-stats dd{margin:0}
.merged-stats ul{margin:0;padding-left:1rem}
.badge{display:inline-block;padding:0 .35rem;border-radius:4px;background:var(--wash);border:1px solid var(--line);font-size:.8rem}
.merged-stage,.comparison{margin:1.4rem 0}
@media print{
.merged-stage,.comparison{break-before:page}
.data tr{break-inside:avoid}
.data .thumb{width:120px;height:75px}
}`;

const CSS = `${MAP_CSS}\n${MERGED_CSS}`;

/**
 * A merged bundle's `index.html`: the aggregate map standalone and offline, under the single walk's rules
 * (lib/bundle/html/render.ts): the Content-Security-Policy first in `<head>`, no script, no style attribute,
 * every text escaped, the bundle's own screenshots by relative path, a print stylesheet. It shows the walks it
 * came from, each stage with its emotion (mean, median, min, max), median time, pain points and signals with
 * how many walks met them, the aligned steps, the checklist scores side by side and each walk compared with
 * the first (compare.json).
 */
export async function renderMergedHtml(merged: MergedJourney, comparisons: MergedComparisons, locale: Locale = 'en'): Promise<string> {
  const policy = await mapPolicy(CSS, "'self'");
  const title = t('mergedHtml.title', { title: merged.title }, locale);
  const tr = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(t(key, params, locale));
  const images = merged.stages.flatMap((stage) => stage.steps).filter((step) => step.screenshot).length;
  const body = [
    `<header class="page-header"><h1>${escapeHtml(t('merge.title', { title: merged.title }, locale))}</h1>` +
      `<p class="hint" data-merge-summary>${tr('merge.summary', { walks: merged.walks.length, stages: merged.stages.length, steps: merged.totals.alignedSteps })}</p>` +
      `<dl class="setup"><div><dt>${tr('mergedHtml.sites')}</dt><dd>${escapeHtml(merged.sites.join(', '))}</dd></div></dl></header>`,
    `<p class="message bundle-note">${tr('htmlScreenshotsNote', { count: images })}</p>`,
    walks(merged, locale),
    ...merged.stages.map((stage) => stageSection(merged, stage, locale)),
    checklist(merged, locale),
    comparisonsSection(merged, comparisons, locale),
    `<footer class="hint">${tr('mergedHtml.footer', { version: merged.generator.version, walks: merged.walks.length })}</footer>`,
  ];
  return (
    `<!DOCTYPE html>\n<html lang="${locale}"><head><meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">` +
    `<meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="parcours ${escapeHtml(merged.generator.version)}"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>\n` +
    `<body><main class="page merged">${body.filter(Boolean).join('\n')}</main></body></html>\n`
  );
}

function walks(merged: MergedJourney, locale: Locale): string {
  const items = merged.walks.map((walk) => {
    const line = t('merge.walkLine', { persona: walk.persona || '–', date: walk.startedAt.slice(0, 10), steps: walk.steps }, locale);
    const source = walk.source ? ` · ${escapeHtml(t('mergedHtml.walkSource', { file: walk.source.file }, locale))}` : '';
    return `<li data-walk-id="${escapeHtml(walk.id)}"><strong>${escapeHtml(walk.title || walk.id)}</strong> · ${escapeHtml(line)} · ${escapeHtml(formatDuration(walk.durationMs))}${source}</li>`;
  });
  return `<section aria-labelledby="walks"><h2 id="walks">${escapeHtml(t('merge.walks', {}, locale))}</h2><ol class="merged-walks">${items.join('')}</ol></section>`;
}

function tallies(items: readonly Tally[], of: number, locale: Locale): string {
  if (items.length === 0) return escapeHtml(t('merge.none', {}, locale));
  return `<ul>${items.map((item) => `<li>${escapeHtml(item.text)} <span class="badge">${escapeHtml(t('merge.met', { walks: item.walks, of }, locale))}</span></li>`).join('')}</ul>`;
}

function stageSection(merged: MergedJourney, stage: MergedStage, locale: Locale): string {
  const of = merged.walks.length;
  const tr = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(t(key, params, locale));
  const id = `stage-${stage.key.replace(/[^A-Za-z0-9_-]/g, '_') || 'none'}`;
  const rows = stage.steps.map((step) => {
    const shot = step.screenshot
      ? `<img class="thumb" src="${escapeHtml(step.screenshot)}" alt="${tr('mergedHtml.screenshotAlt', { n: step.order, walk: (step.screenshotOf?.walk ?? 0) + 1, file: step.screenshot })}">`
      : '–';
    return (
      `<tr data-aligned-step="${step.order}"><td class="number">${step.order}</td><td>${shot}</td>` +
      `<th scope="row">${escapeHtml(step.action)}<div class="hint">${escapeHtml(step.page)}</div></th>` +
      `<td class="number">${step.walks}/${of}</td><td>${escapeHtml(emotionSummaryText(step.emotion, locale))}</td>` +
      `<td class="number">${escapeHtml(formatDuration(step.durationMs.median))}</td><td>${tallies(step.painPoints, of, locale)}</td><td>${tallies(step.signals, of, locale)}</td></tr>`
    );
  });
  return (
    `<section class="merged-stage" data-stage-key="${escapeHtml(stage.key)}" aria-labelledby="${id}">` +
    `<h2 id="${id}">${escapeHtml(stage.name || t('bundle.noStage', {}, locale))} <span class="hint">${tr('merge.stageWalks', { walks: stage.walks, of })}</span></h2>` +
    `<dl class="merged-stats"><dt>${tr('merge.emotion')}</dt><dd data-emotion>${escapeHtml(emotionSummaryText(stage.emotion, locale))}</dd>` +
    `<dt>${tr('merge.medianTime')}</dt><dd data-median-time>${escapeHtml(formatDuration(stage.durationMs.median))}</dd>` +
    `<dt>${tr('merge.painPoints')}</dt><dd data-pain-points>${tallies(stage.painPoints, of, locale)}</dd>` +
    `<dt>${tr('merge.signals')}</dt><dd data-signals>${tallies(stage.signals, of, locale)}</dd></dl>` +
    `<table class="data merged-steps"><caption>${tr('merge.steps')}</caption><thead><tr><th scope="col">#</th><th scope="col">${tr('mergedHtml.screenshot')}</th>` +
    `<th scope="col">${tr('compare.step')}</th><th scope="col">${tr('merge.walks')}</th><th scope="col">${tr('merge.emotion')}</th>` +
    `<th scope="col">${tr('merge.medianTime')}</th><th scope="col">${tr('merge.painPoints')}</th><th scope="col">${tr('merge.signals')}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function checklist(merged: MergedJourney, locale: Locale): string {
  const list = merged.checklist;
  if (!list) return '';
  const tr = (key: MessageKey) => escapeHtml(t(key, {}, locale));
  const score = (value: number | null) => `<td class="number">${value == null ? '–' : `${value}`}</td>`;
  const head = merged.walks.map((walk) => `<th scope="col">${escapeHtml(walk.title || walk.id)}</th>`).join('');
  const rows = list.perStage.map(
    (stage) => `<tr><th scope="row">${escapeHtml(stage.name || t('bundle.noStage', {}, locale))}</th>${stage.scores.map(score).join('')}</tr>`,
  );
  rows.push(`<tr><th scope="row">${tr('merge.overall')}</th>${list.overall.map(score).join('')}</tr>`);
  return (
    `<section aria-labelledby="checklist"><h2 id="checklist">${tr('merge.checklist')}</h2>` +
    `<table class="data" data-checklist><thead><tr><th scope="col">${tr('merge.stage')}</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function comparisonsSection(merged: MergedJourney, comparisons: MergedComparisons, locale: Locale): string {
  const baseline = merged.walks[comparisons.baseline];
  const heading = `<h2 id="comparisons">${escapeHtml(t('mergedHtml.comparisons', { title: baseline?.title || baseline?.id || '' }, locale))}</h2>`;
  if (comparisons.comparisons.length === 0)
    return `<section aria-labelledby="comparisons">${heading}<p class="hint">${escapeHtml(t('mergedHtml.noComparison', {}, locale))}</p></section>`;
  const parts = comparisons.comparisons.map(({ walk, comparison }) => comparisonHtml(walk, comparison, locale));
  return `<section aria-labelledby="comparisons">${heading}${parts.join('\n')}</section>`;
}

function comparisonHtml(walk: number, comparison: WalkComparison, locale: Locale): string {
  const tr = (key: MessageKey) => escapeHtml(t(key, {}, locale));
  const id = `comparison-${walk}`;
  const summary = [`A: ${walkLabel(comparison.a, locale)}`, `B: ${walkLabel(comparison.b, locale)}`, ...summaryLines(comparison, locale)];
  const stages = comparison.stages.map(
    (stage) => `<tr><th scope="row">${escapeHtml(stage.name || t('bundle.noStage', {}, locale))}</th><td>${escapeHtml(stageText(stage, locale))}</td></tr>`,
  );
  const steps = comparison.steps.map((step) => {
    const kind = step.status === 'matched' ? (stepDiffers(step) ? ' class="differs"' : '') : ' class="only"';
    return (
      `<tr data-status="${step.status}"${kind}><td>${escapeHtml(step.stageName || t('bundle.noStage', {}, locale))}</td>` +
      `<td>${escapeHtml(sideText(step.a, locale))}</td><td>${escapeHtml(sideText(step.b, locale))}</td><td>${escapeHtml(stepDifference(step, locale))}</td></tr>`
    );
  });
  const signals = comparison.signals.map((signal) => `<li>${escapeHtml(`${signal.type}: ${signal.a} / ${signal.b} (${signedNumber(signal.delta)})`)}</li>`);
  const pain = comparison.painPoints.map((item) => `<li>${escapeHtml(`${item.text}: ${item.a} / ${item.b}`)}</li>`);
  return (
    `<section class="comparison" data-comparison-walk="${walk}" aria-labelledby="${id}">` +
    `<h3 id="${id}">${escapeHtml(t('mergedHtml.comparisonHeading', { b: comparison.b.title || comparison.b.id, a: comparison.a.title || comparison.a.id }, locale))}</h3>` +
    `<ul class="compare-summary">${summary.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` +
    `<table class="data compare-stages"><caption>${tr('compare.stagesHeading')}</caption><tbody>${stages.join('')}</tbody></table>` +
    `<table class="data compare-steps"><caption>${tr('compare.stepsHeading')}</caption><thead><tr><th scope="col">${tr('merge.stage')}</th>` +
    `<th scope="col">A</th><th scope="col">B</th><th scope="col">${tr('compare.difference')}</th></tr></thead><tbody>${steps.join('')}</tbody></table>` +
    (signals.length ? `<h4>${tr('compare.signalsHeading')}</h4><ul>${signals.join('')}</ul>` : '') +
    (pain.length ? `<h4>${tr('compare.painHeading')}</h4><ul>${pain.join('')}</ul>` : '') +
    `</section>`
  );
}
