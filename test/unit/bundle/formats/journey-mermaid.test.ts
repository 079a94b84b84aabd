// @vitest-environment jsdom
// Mermaid sanitizes titles with DOMPurify, which needs a window: jsdom gives it one. The parsing itself is
// Mermaid's own (its journey grammar and database), not a re-implementation.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { journeyMermaid, MAX_TASK_NAME, mermaidText, NEUTRAL_SCORE, writeJourneyMermaid } from '@/lib/bundle/formats/journey-mermaid';
import type { JourneyDocument } from '@/lib/bundle/journey-document';
import { HOSTILE, layeredJourney, withSteps } from './fixture';

interface ParsedTask {
  section: string;
  task: string;
  score: number;
  people: string[];
}

/** What Mermaid reads from a journey diagram: its title, sections and tasks, from its own journey database. */
async function parsed(text: string): Promise<{ title: string; sections: string[]; tasks: ParsedTask[] }> {
  // Throws on a syntax error, as the renderer would.
  expect(await mermaid.parse(text)).toEqual({ diagramType: 'journey', config: {} });
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getDiagramTitle(): string; getSections(): string[]; getTasks(): ParsedTask[] };
  return {
    title: db.getDiagramTitle(),
    sections: db.getSections(),
    tasks: db.getTasks().map(({ section, task, score, people }) => ({ section, task, score, people })),
  };
}

function write(journey: JourneyDocument, locale?: 'en' | 'fr'): string {
  return writeJourneyMermaid({ journey, events: [], locale });
}

describe('journey.mmd', () => {
  const journey = layeredJourney();

  it('is a journey Mermaid parses: the title, a section per stage in order, a task per step with score and persona', async () => {
    const text = write(journey);
    expect(text.startsWith('journey\n')).toBe(true);
    expect(await parsed(text)).toEqual({
      title: 'Buy a mug',
      sections: ['Awareness', 'Purchase'],
      tasks: [
        { section: 'Awareness', task: 'Start on "Mug shop"', score: NEUTRAL_SCORE, people: ['Sandrine'] },
        { section: 'Awareness', task: 'Click "Mugs"', score: 2, people: ['Sandrine'] },
        { section: 'Purchase', task: 'Click "Blue mug"', score: NEUTRAL_SCORE, people: ['Sandrine'] },
        { section: 'Purchase', task: 'Fill in the checkout form', score: 5, people: ['Sandrine'] },
      ],
    });
  });

  it('scores valence + 3 over the whole range, and 3 (neutral) for a step without an emotion', async () => {
    const scored = withSteps(journey, (_, index) => ({
      emotion: index === 3 ? null : { valence: [-2, 0, 1][index] as number, label: 'x', score5: 0, author: 'tester' },
    }));
    expect((await parsed(write(scored))).tasks.map((task) => task.score)).toEqual([1, 3, 4, 3]);
    expect(NEUTRAL_SCORE).toBe(3);
  });

  it('orders sections by the stages’ order, puts steps without a stage first, and leaves stages without steps out', async () => {
    const mixed = withSteps(journey, (_, index) => ({ stageId: ['decision', null, 'awareness', 'decision'][index] as string | null }));
    mixed.stages = [
      { id: 'decision', name: 'Decision', order: 3 },
      { id: 'awareness', name: 'Awareness', order: 0 },
      { id: 'advocacy', name: 'Advocacy', order: 6 },
    ];
    const { sections, tasks } = await parsed(write(mixed));
    expect(sections).toEqual(['No stage', 'Awareness', 'Decision']);
    expect(tasks.map((task) => [task.section, task.task])).toEqual([
      ['No stage', 'Click "Mugs"'],
      ['Awareness', 'Click "Blue mug"'],
      ['Decision', 'Start on "Mug shop"'],
      ['Decision', 'Fill in the checkout form'],
    ]);
  });

  it('names the section of steps without a stage, the fallbacks and the actor in the exporter’s language', async () => {
    const bare = withSteps(journey, () => ({ stageId: null, action: '  ' }));
    bare.stages = [];
    bare.session.persona = { name: '', description: '' };
    expect(await parsed(write(bare, 'fr'))).toMatchObject({
      sections: ['Sans phase'],
      tasks: [
        { section: 'Sans phase', task: 'Étape 1', people: ['Testeur'] },
        { section: 'Sans phase', task: 'Étape 2', people: ['Testeur'] },
        { section: 'Sans phase', task: 'Étape 3', people: ['Testeur'] },
        { section: 'Sans phase', task: 'Étape 4', people: ['Testeur'] },
      ],
    });
    // No locale (a bundle converted on the command line): English.
    expect((await parsed(write(bare))).tasks[0]).toMatchObject({ section: 'No stage', task: 'Step 1', people: ['Tester'] });
  });

  it('writes a journey with no steps, and one without a title', async () => {
    const empty = structuredClone(journey);
    empty.steps = [];
    empty.session.title = ' # ; ';
    const text = write(empty);
    expect(text).toBe('journey\n');
    expect(await parsed(text)).toEqual({ title: '', sections: [], tasks: [] });
  });

  it('removes or replaces what the grammar forbids in titles, sections, tasks and the actor (# : ; line breaks)', async () => {
    const tricky = withSteps(journey, (_, index) => ({
      action: [HOSTILE.mermaid, 'Pay: 12:30; total #2', 'Line\r\nbreak\tand\u2028separator', '::;;##'][index] as string,
    }));
    tricky.session.title = 'Walk #3: checkout; again\nsecond line';
    tricky.session.persona = { name: 'Anne-Marie: QA, Paris; #1', description: '' };
    tricky.stages = tricky.stages.map((stage) => (stage.id === 'purchase' ? { ...stage, name: 'Pay: now; #fast' } : stage));
    const text = write(tricky);
    const { title, sections, tasks } = await parsed(text);
    expect(title).toBe('Walk 3: checkout, again second line');
    expect(sections).toEqual(['Awareness', 'Pay, now, fast']);
    expect(tasks.map((task) => task.task)).toEqual(['Step 1, pay, now next line', 'Pay, 12, 30, total 2', 'Line break and separator', 'Step 4']);
    for (const task of tasks) expect(task.people).toEqual(['Anne-Marie QA Paris 1']);
    // One task line per step, whatever the text held.
    expect(text.split('\n').filter((line) => line.startsWith('    '))).toHaveLength(4);
  });

  it('keeps quotes, markup, ampersands, commas inside task names and unicode as they are', async () => {
    const texts = [HOSTILE.script, "Fish & chips <b>bold</b> 'single'", HOSTILE.unicode, 'Add 1,5 kg, then "save" 20%'];
    const tricky = withSteps(journey, (_, index) => ({ action: texts[index] as string }));
    tricky.session.persona = { name: 'Zoë 🧪', description: '' };
    const { tasks } = await parsed(write(tricky));
    expect(tasks.map((task) => task.task)).toEqual(texts);
    expect(tasks[0]?.people).toEqual(['Zoë 🧪']);
  });

  it('does not let a name read as a keyword or a comment (title, section, journey, accDescr, %%)', async () => {
    const keywords = ['Title of the page', 'section 2 of the form', 'Journey planner', 'accDescr { x }'];
    const tricky = withSteps(journey, (_, index) => ({ action: keywords[index] as string }));
    expect((await parsed(write(tricky))).tasks.map((task) => task.task)).toEqual(keywords.map((name) => `“${name}”`));
    const percents = withSteps(journey, (_, index) => ({ action: ['%% hidden', 'a%%b', '100%%% sure', '%'][index] as string }));
    expect((await parsed(write(percents))).tasks.map((task) => task.task)).toEqual(['hidden', 'a%b', '100% sure', 'Step 4']);
  });

  it('cuts very long names with an ellipsis, and still parses', async () => {
    const long = 'Add to basket '.repeat(100);
    const tricky = withSteps(journey, () => ({ action: long }));
    tricky.session.title = `Very long walk ${'x'.repeat(5000)}`;
    const { title, tasks } = await parsed(write(tricky));
    for (const task of tasks) {
      // At most the limit (a space before the cut is dropped).
      expect([...task.task].length).toBeLessThanOrEqual(MAX_TASK_NAME);
      expect([...task.task].length).toBeGreaterThan(MAX_TASK_NAME - 3);
      expect(task.task.endsWith('…')).toBe(true);
      expect(long.startsWith(task.task.slice(0, -1))).toBe(true);
    }
    expect(title.length).toBeLessThanOrEqual(200);
    // `;` is a statement's end even inside an entity: it becomes a comma.
    expect(mermaidText(HOSTILE.amp, { max: 100 })).toBe('Fish & chips &amp, more');
    // Cut between characters, never inside a surrogate pair.
    expect(mermaidText('🛒'.repeat(300), { max: 10 })).toBe(`${'🛒'.repeat(9)}…`);
  });

  it('uses a parser that does reject what the writer guards against (so passing means something)', async () => {
    await expect(mermaid.parse('journey\n  section A\n    Pay; now: 3: Me\n')).rejects.toThrow();
    await expect(mermaid.parse('journey\n  section A\n    Journey planner: 3: Me\n')).rejects.toThrow();
    // A colon in a task name silently moves the score: "Pay" scored NaN, the rest taken as actors.
    const { tasks } = await parsed('journey\n  section A\n    Pay: now: 3: Me\n');
    expect(tasks[0]).toMatchObject({ task: 'Pay', people: ['3'] });
    expect(Number.isNaN(tasks[0]?.score)).toBe(true);
  });

  it('is registered as the mermaid format, writing journey.mmd deflated', async () => {
    expect(journeyMermaid.id).toBe('mermaid');
    expect(await journeyMermaid.write({ journey, events: [] })).toEqual([{ path: 'journey.mmd', data: write(journey), compress: true }]);
  });
});
