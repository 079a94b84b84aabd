import { describe, expect, it } from 'vitest';
import { formatTable, provenance, summaryRows } from '../../scripts/lib/bench-summary.mjs';

describe('the benchmark summary table', () => {
  it('says a part has not run rather than printing blanks', () => {
    expect(summaryRows({})).toEqual([]);
    expect(provenance({})).toContain('recorder: not run');
  });

  it('gives each recorder target its verdict and ratio', () => {
    const rows = summaryRows({
      recorder: {
        measuredAt: '2026-12-01T18:37:00.000Z',
        rrweb: '2.2.2',
        host: { loadAverageBefore: [1.7, 2, 3] },
        added: { table: { parcours: { taskMs: 120 }, rrweb: { taskMs: 460 } } },
        targets: [
          { target: 'table: p95 <= 2 ms', value: 1.5, limit: 2, met: true, ratio: 0.75 },
          { target: 'long tasks = 0', value: 3, limit: 0, met: false, ratio: null },
        ],
      },
    });
    expect(rows).toEqual([
      ['recorder', 'table: main-thread task time added over no recorder, Parcours / rrweb 2.2.2', '120 / 460 ms', ''],
      ['recorder', 'table: p95 <= 2 ms', '1.5 (×0.75)', 'met'],
      ['recorder', 'long tasks = 0', '3', 'MISSED'],
    ]);
    expect(provenance({ recorder: { measuredAt: '2026-12-01T18:37:00.000Z', host: { loadAverageBefore: [1.7] } } })).toContain(
      'recorder: 2026-12-01 18:37, load 1.7',
    );
  });

  it('prints the merge’s time and peak memory', () => {
    expect(summaryRows({ merge: { walks: 20, steps: 200, inputMB: 700.2, mergeMs: 4321, peakRssMB: 412.3, baselineRssMB: 160.1 } })).toEqual([
      ['merge', 'parcours merge of 20 bundles × 200 steps (700.2 MB): time', '4,321 ms', ''],
      ['merge', 'the same: peak resident memory (the CLI at rest)', '412.3 MB (160.1 MB)', ''],
    ]);
    expect(provenance({})).toContain('merge: not run');
  });

  it('judges the export against its targets (3 s, 100 MB)', () => {
    const rows = summaryRows({ export: { clicks: 500, exportMs: 7779, extraRendererMB: 289.2, extraTotalMB: 336.5 } });
    expect(summaryRows({ export: { clicks: 500, exportMs: 2000, extraRendererMB: 1, extraTotalMB: 1, importMs: 2500 } }).at(-1)).toEqual([
      'import',
      'the same bundle imported back: file to walk stored',
      '2,500 ms',
      'met (≤ 3 s)',
    ]);
    expect(rows).toEqual([
      ['export', '500-step walk with screenshots: click to download', '7,779 ms', 'MISSED (≤ 3 s)'],
      ['export', 'the same: extra peak memory, renderers / all processes', '289.2 / 336.5 MB', 'MISSED (≤ 100 MB)'],
    ]);
  });

  it('gives the map walks and the two-hour walk their rows, the bytes per step judged against 150 KB', () => {
    const review = { openMs: 400, frameP95Ms: 16.7, heapMB: 16.8, editMs: 66 };
    const rows = summaryRows({
      map: {
        measuredAt: '2026-12-01T20:00:00.000Z',
        walks: [{ clicks: 500, ...review }],
        twoHour: { steps: 2000, stepBytesMedian: 47_000, panelCommitToCard: { p50: 24, p95: 40 }, review },
      },
    });
    expect(rows[0]).toEqual(['map', '500-click walk: open / scroll frame p95 / heap / edit shown', '400 ms / 16.7 ms / 16.8 MB / 66 ms', '']);
    expect(rows[1]).toEqual(['long walk', '2,000 steps in 2 h: stored per step, median (real demo-shop captures)', '45.9 KB', 'met (≤ 150 KB)']);
    expect(rows).toHaveLength(4);
  });

  it('pads columns to their widest cell', () => {
    const table = formatTable([['a', 'long figure', '1', '']], ['part', 'figure', 'value', 'target']).split('\n');
    expect(table[0]).toBe('part  figure       value  target');
    expect(table[1]).toBe('----  -----------  -----  ------');
    expect(table[2]).toBe('a     long figure  1');
  });
});
