// The one table `npm run bench` ends with: the headline figures of every part, read back from
// bench/results.json, each with the target it answers to (if any) and when and under what load it was measured.
// A part that has not run (or whose figures are from an older layout) says so rather than printing blanks.

const round = (value, digits = 1) => (value == null || Number.isNaN(value) ? '–' : Number(value.toFixed(digits)).toLocaleString('en-GB'));
const ms = (value, digits = 0) => (value == null ? '–' : `${round(value, digits)} ms`);
const pair = (a, b, unit = ' ms', digits = 0) => `${round(a, digits)} / ${round(b, digits)}${unit}`;

function when(part) {
  if (!part?.measuredAt) return 'not run';
  const load = Array.isArray(part.loadAverage) ? part.loadAverage[0] : (part.loadAverage ?? part.host?.loadAverageBefore?.[0]);
  return `${part.measuredAt.slice(0, 16).replace('T', ' ')}${load != null ? `, load ${round(load)}` : ''}`;
}

function captureRows(part) {
  if (!part?.spacedCommitted) return [];
  return [
    ['capture', 'press → screenshot stored, clicks 0.65 s apart, p50 / p95', pair(part.spacedCommitted.p50, part.spacedCommitted.p95), ''],
    [
      'capture',
      'clicks without their own screenshot (spaced / burst shared / missing)',
      `${part.spacedWithoutOwnImage} / ${part.burstShared} / ${part.burstMissing}`,
      '',
    ],
    ['capture', 'page long tasks, recording off / on', `${part.pageOff.longTasks} / ${part.pageOn.longTasks}`, '0 added'],
  ];
}

function momentRows(part) {
  if (!part?.stream) return [];
  return [
    ['moment', 'screenshot shows its own moment (tab stream / visible tab)', `${part.stream.ownMomentPct} % / ${part.visibleTab.ownMomentPct} %`, ''],
    ['moment', 'press → stored with the tab stream, p50 / p95', pair(part.stream.storedP50Ms, part.stream.storedP95Ms), ''],
    ['moment', 'images kept for a click that show another moment', `${part.stream.keptWrongPct} %`, '0 %'],
  ];
}

function mapRows(part) {
  if (!part?.measuredAt) return [];
  const rows = (part.walks ?? []).map((walk) => [
    'map',
    `${walk.clicks.toLocaleString('en-GB')}-click walk: open / scroll frame p95 / heap / edit shown`,
    `${ms(walk.openMs)} / ${ms(walk.frameP95Ms, 1)} / ${round(walk.heapMB)} MB / ${ms(walk.editMs)}`,
    '',
  ]);
  const long = part.twoHour;
  if (long)
    rows.push(
      [
        'long walk',
        `${long.steps.toLocaleString('en-GB')} steps in 2 h: stored per step, median (real demo-shop captures)`,
        `${round(long.stepBytesMedian / 1024)} KB`,
        long.stepBytesMedian <= 150 * 1024 ? 'met (≤ 150 KB)' : 'MISSED (≤ 150 KB)',
      ],
      ['long walk', 'side panel: commit → card painted, p50 / p95', pair(long.panelCommitToCard.p50, long.panelCommitToCard.p95), ''],
      [
        'long walk',
        'review page: open / scroll frame p95 / edit shown',
        `${ms(long.review.openMs)} / ${ms(long.review.frameP95Ms, 1)} / ${ms(long.review.editMs)}`,
        '',
      ],
    );
  return rows;
}

function exportRows(part) {
  if (part?.exportMs == null) return [];
  return [
    ['export', `${part.clicks}-step walk with screenshots: click to download`, ms(part.exportMs), part.exportMs <= 3000 ? 'met (≤ 3 s)' : 'MISSED (≤ 3 s)'],
    [
      'export',
      'the same: extra peak memory, renderers / all processes',
      `${round(part.extraRendererMB)} / ${round(part.extraTotalMB)} MB`,
      part.extraTotalMB <= 100 ? 'met (≤ 100 MB)' : 'MISSED (≤ 100 MB)',
    ],
    ...(part.importMs == null
      ? []
      : [['import', `the same bundle imported back: file to walk stored`, ms(part.importMs), part.importMs <= 3000 ? 'met (≤ 3 s)' : 'MISSED (≤ 3 s)']]),
  ];
}

function fullPageRows(part) {
  if (!Array.isArray(part?.ratios)) return [];
  return part.ratios.map((r) => [
    'full page',
    `ratio ${r.ratio}: stitched total / long tasks (html2canvas)`,
    `${ms(r.stitched.totalMs)} / ${r.stitched.longTasks} (${ms(r.html2canvas.totalMs)} / ${r.html2canvas.longTasks})`,
    '',
  ]);
}

function privacyRows(part) {
  if (!Array.isArray(part?.runs)) return [];
  return part.runs
    .filter((run) => run.mode === 'balanced')
    .map((run) => [
      'privacy',
      `${run.page}, balanced: one frame finding its boxes / added to the screenshot, p95`,
      pair(run.findMs.p95, run.addedMs.p95, ' ms', 1),
      '',
    ]);
}

function recorderRows(part) {
  if (!Array.isArray(part?.targets)) return [];
  const rows = Object.entries(part.added ?? {}).map(([page, added]) => [
    'recorder',
    `${page}: main-thread task time added over no recorder, Parcours / rrweb ${part.rrweb}`,
    pair(added.parcours.taskMs, added.rrweb.taskMs),
    '',
  ]);
  for (const target of part.targets)
    rows.push(['recorder', target.target, `${round(target.value)}${target.ratio != null ? ` (×${target.ratio})` : ''}`, target.met ? 'met' : 'MISSED']);
  return rows;
}

function mergeRows(part) {
  if (part?.mergeMs == null) return [];
  return [
    ['merge', `parcours merge of ${part.walks} bundles × ${part.steps} steps (${part.inputMB} MB): time`, ms(part.mergeMs), ''],
    ['merge', 'the same: peak resident memory (the CLI at rest)', `${round(part.peakRssMB)} MB (${round(part.baselineRssMB)} MB)`, ''],
  ];
}

/** Rows of [part, figure, value, target or verdict] for every part found in `results`. */
export function summaryRows(results) {
  return [
    ...captureRows(results.capture),
    ...momentRows(results.moment),
    ...mapRows(results.map),
    ...exportRows(results.export),
    ...mergeRows(results.merge),
    ...fullPageRows(results.fullPage),
    ...privacyRows(results.privacy),
    ...recorderRows(results.recorder),
  ];
}

/** When each part was measured, and the machine of the latest one. */
export function provenance(results) {
  const parts = ['capture', 'moment', 'map', 'export', 'merge', 'fullPage', 'privacy', 'recorder'];
  return parts.map((name) => `${name}: ${when(results[name])}`);
}

/** The rows as a plain-text table, columns padded to their widest cell. */
export function formatTable(rows, header = ['part', 'figure', 'value', 'target']) {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) => String(cell).padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
