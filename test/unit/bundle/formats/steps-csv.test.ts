import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, LANE_SEPARATOR, lane, STEPS_CSV_COLUMNS, stepsCsv, writeStepsCsv } from '@/lib/bundle/formats/steps-csv';
import { HOSTILE, layeredJourney, withSteps } from './fixture';

/** The file as a spreadsheet reads it: a real RFC 4180 parser, strict about quotes and record lengths. */
function read(csv: string): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true, relax_quotes: false, relax_column_count: false, record_delimiter: '\r\n' });
}

function rows(csv: string): string[][] {
  return parse(csv, { bom: true, record_delimiter: '\r\n' });
}

/** Splits a lane cell back into its items (unescaped " | "), undoing the `\|` and `\\` escapes. */
function items(cell: string): string[] {
  if (cell === '') return [];
  return cell.split(/(?<!\\) \| /).map((item) => item.replace(/\\([\\|])/g, '$1'));
}

describe('steps.csv', () => {
  const journey = layeredJourney();
  const csv = writeStepsCsv({ journey, events: [] });

  it('starts with a UTF-8 byte order mark, ends records with CRLF, and has exactly the columns of the issue, in order', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    // Every line break outside quoted fields is CRLF: no bare LF.
    expect(csv.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    expect(rows(csv)[0]).toEqual([
      'stage_order',
      'stage',
      'step_order',
      'step_id',
      'action',
      'touchpoint',
      'url',
      'page_title',
      'thoughts',
      'emotion_valence',
      'emotion_label',
      'satisfaction_1_5',
      'pain_points',
      'opportunities',
      'expectations',
      'signals',
      'started_at',
      't_ms',
      'duration_ms',
      'screenshot_file',
      'notes',
    ]);
    expect(rows(csv)[0]).toEqual([...STEPS_CSV_COLUMNS]);
  });

  it('writes one row per step with its stage, order, action, page, times and screenshot', () => {
    const records = read(csv);
    expect(records).toHaveLength(journey.steps.length);
    expect(records.map((row) => [row.stage_order, row.stage, row.step_order, row.step_id])).toEqual([
      ['1', 'Awareness', '1', 'start'],
      ['1', 'Awareness', '2', 'c1'],
      ['5', 'Purchase', '3', 'c2'],
      ['5', 'Purchase', '4', 'f1'],
    ]);
    expect(records[1]).toMatchObject({
      action: 'Click "Mugs"',
      touchpoint: 'web · shop.example · Mug shop',
      url: 'https://shop.example/',
      page_title: 'Mug shop',
      started_at: journey.steps[1]?.at,
      t_ms: '1000',
      duration_ms: String(journey.steps[1]?.durationMs),
      screenshot_file: '',
    });
    expect(records[0]?.screenshot_file).toBe('screenshots/0001.jpg');
    expect(records[2]?.screenshot_file).toBe(journey.steps[2]?.screenshot);
  });

  it('gives the emotion as valence, label and satisfaction 1..5 = valence + 3, and leaves all three empty without one', () => {
    const records = read(csv);
    expect(records.map((row) => [row.emotion_valence, row.emotion_label, row.satisfaction_1_5])).toEqual([
      ['', '', ''],
      ['-1', 'confused', '2'],
      ['', '', ''],
      ['2', 'delighted', '5'],
    ]);
    const extremes = withSteps(journey, (_, index) => ({
      emotion: { valence: [-2, 0, 1, 2][index] as number, label: null, score5: 0, author: 'tester' },
    }));
    expect(read(writeStepsCsv({ journey: extremes, events: [] })).map((row) => [row.emotion_valence, row.satisfaction_1_5, row.emotion_label])).toEqual([
      ['-2', '1', ''],
      ['0', '3', ''],
      ['1', '4', ''],
      ['2', '5', ''],
    ]);
  });

  it('joins a lane’s items with " | ", escaping a bar inside an item so they split back exactly', () => {
    const records = read(csv);
    expect(items(records[1]?.thoughts as string)).toEqual(['Where are the big mugs?']);
    expect(items(records[1]?.notes as string)).toEqual(['Menu hidden on hover']);
    expect(records[2]?.pain_points).toBe('No stock shown | Price \\| tax unclear');
    expect(items(records[2]?.pain_points as string)).toEqual(['No stock shown', 'Price | tax unclear']);
    expect(items(records[2]?.opportunities as string)).toEqual(['Show stock']);
    expect(items(records[3]?.expectations as string)).toEqual(['Free delivery']);
    expect(LANE_SEPARATOR).toBe(' | ');
  });

  it('fills every lane of a step with many items, signals with their type and decision', () => {
    const many = Array.from({ length: 12 }, (_, index) => `item ${index} \\ with, comma | and "quote"\nand a line`);
    const busy = withSteps(journey, (step) => ({
      thoughts: many,
      painPoints: many,
      opportunities: many,
      expectations: many,
      notes: many,
      signals: [
        { id: `rage-click:${step.id}`, type: 'rage-click', description: 'Clicked 5 times in 1 s', value: 5, decision: null, eventIds: [] },
        { id: `slow-load:${step.id}`, type: 'slow-load', description: 'The page took 4.2 s', value: 4200, decision: 'accepted', eventIds: [] },
        { id: `dead-click:${step.id}`, type: 'dead-click', description: 'Nothing happened', value: 1, decision: 'dismissed', eventIds: [] },
      ],
    }));
    const records = read(writeStepsCsv({ journey: busy, events: [] }));
    expect(records).toHaveLength(4);
    for (const row of records) {
      for (const column of ['thoughts', 'pain_points', 'opportunities', 'expectations', 'notes'] as const) expect(items(row[column] as string)).toEqual(many);
      expect(items(row.signals as string)).toEqual([
        'rage-click: Clicked 5 times in 1 s',
        'slow-load (accepted): The page took 4.2 s',
        'dead-click (dismissed): Nothing happened',
      ]);
    }
  });

  it('writes the header alone for a walk without steps', () => {
    const empty = structuredClone(journey);
    empty.steps = [];
    const written = writeStepsCsv({ journey: empty, events: [] });
    expect(written).toBe(`\uFEFF${STEPS_CSV_COLUMNS.join(',')}\r\n`);
    expect(read(written)).toEqual([]);
  });

  it('gives steps without a stage stage_order 0 and an empty stage, also when the walk has no stages', () => {
    const noStages = structuredClone(journey);
    noStages.stages = [];
    expect(read(writeStepsCsv({ journey: noStages, events: [] })).map((row) => [row.stage_order, row.stage])).toEqual([
      ['0', ''],
      ['0', ''],
      ['0', ''],
      ['0', ''],
    ]);
    // A step naming a stage the walk no longer has is a step without a stage.
    const gone = withSteps(journey, (step, index) => ({ stageId: index === 0 ? null : index === 1 ? 'deleted-stage' : step.stageId }));
    expect(read(writeStepsCsv({ journey: gone, events: [] })).map((row) => [row.stage_order, row.stage])).toEqual([
      ['0', ''],
      ['0', ''],
      ['5', 'Purchase'],
      ['5', 'Purchase'],
    ]);
  });

  it('numbers stages by their place in the walk’s order, not by their order field', () => {
    const reordered = structuredClone(journey);
    reordered.stages = [
      { id: 'purchase', name: 'Purchase', order: 40 },
      { id: 'awareness', name: 'Awareness', order: 10 },
    ];
    expect(read(writeStepsCsv({ journey: reordered, events: [] })).map((row) => row.stage_order)).toEqual(['1', '1', '2', '2']);
  });

  it('keeps hostile and unicode text intact, quoting what must be quoted', () => {
    const texts = [HOSTILE.script, HOSTILE.amp, HOSTILE.cdataEnd, HOSTILE.unicode, HOSTILE.mermaid, 'a,b', 'say "hi"', 'line\r\nbreak'];
    const hostile = withSteps(journey, (_, index) => ({ action: texts[index] as string, pageTitle: texts[index + 4] as string, thoughts: texts }));
    const records = read(writeStepsCsv({ journey: hostile, events: [] }));
    expect(records.map((row) => row.action)).toEqual(texts.slice(0, 4));
    expect(records.map((row) => row.page_title)).toEqual(texts.slice(4, 8));
    expect(items(records[0]?.thoughts as string)).toEqual(texts);
  });

  it('removes control characters but tab, CR and LF', () => {
    const controlled = withSteps(journey, () => ({ action: HOSTILE.controls }));
    expect(read(writeStepsCsv({ journey: controlled, events: [] }))[0]?.action).toBe('bell nul esc vt');
  });

  it('guards against formula injection: text starting with = + - @ tab or CR gets a leading apostrophe (OWASP)', () => {
    const formulas = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tindented', '\rcarriage'];
    const hostile = withSteps(journey, (_, index) => ({ action: formulas[index] as string, notes: formulas, pageTitle: formulas[index + 2] as string }));
    const records = read(writeStepsCsv({ journey: hostile, events: [] }));
    expect(records.map((row) => row.action)).toEqual(formulas.slice(0, 4).map((text) => `'${text}`));
    expect(records.map((row) => row.page_title)).toEqual(formulas.slice(2, 6).map((text) => `'${text}`));
    // A lane cell is guarded as a whole: its first item starts the cell.
    expect(records[0]?.notes?.startsWith("'=HYPERLINK")).toBe(true);
    // Numbers Parcours computed are not text: a negative valence stays a number.
    expect(csvField(-2)).toBe('-2');
    expect(csvField('-2')).toBe("'-2");
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    // Not at the start, the same characters are harmless and left alone.
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('escapes lanes reversibly', () => {
    expect(lane(['a | b', 'c\\d', ''])).toBe('a \\| b | c\\\\d | ');
    expect(items(lane(['a | b', 'c\\d', 'e']))).toEqual(['a | b', 'c\\d', 'e']);
    expect(lane([])).toBe('');
  });

  it('is registered as the csv format, writing steps.csv deflated', async () => {
    const [file, ...rest] = await stepsCsv.write({ journey, events: [] });
    expect(rest).toEqual([]);
    expect(file).toEqual({ path: 'steps.csv', data: csv, compress: true });
    expect(stepsCsv.id).toBe('csv');
  });
});
