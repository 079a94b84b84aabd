// @vitest-environment jsdom
// Mermaid sanitizes titles with DOMPurify, which needs a window: jsdom gives it one. The parsing is Mermaid's own.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { writeMergedMermaid } from '@/lib/bundle/merged/merged-mermaid';
import { mergeJourneys } from '@/lib/journey/merge/merge';
import { walk } from '../../journey/merge/walks';

const CART = 'https://shop.test/cart';
function merged() {
  return mergeJourneys(
    [
      walk(
        'a',
        [
          { stage: null, kind: 'navigate' },
          { stage: 'purchase', url: CART, name: 'Pay: now; #1', valence: -2, pain: ['=HYPERLINK("x")'] },
        ],
        { persona: 'Ana' },
      ),
      walk(
        'b',
        [
          { stage: 'purchase', url: CART, name: 'Pay: now; #1', valence: 1, shot: false },
          { stage: 'purchase', url: CART, name: 'Help' },
        ],
        { persona: 'Ben, Jr' },
      ),
    ],
    { title: 'Buy: a mug', createdAt: '2026-12-01T10:00:00.000Z' },
  );
}

describe('the merged journey.mmd', () => {
  it('parses with Mermaid: a section per stage, a task per aligned step scored by its median valence, the personas as actors', async () => {
    const text = writeMergedMermaid(merged());
    expect(await mermaid.parse(text)).toEqual({ diagramType: 'journey', config: {} });
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db as unknown as { getDiagramTitle(): string; getSections(): string[]; getTasks(): { task: string; score: number; people: string[] }[] };
    expect(db.getDiagramTitle()).toBe('Buy: a mug');
    expect(db.getSections()).toEqual(['No stage', 'Purchase']);
    expect(db.getTasks().map(({ task, score, people }) => ({ task, score, people }))).toEqual([
      { task: 'Open https, //shop.test/', score: 3, people: ['Ana'] },
      // Median −0.5 rounds to 0: score 3; the forbidden characters are gone.
      { task: 'Click “Pay, now, 1”', score: 3, people: ['Ana', 'Ben Jr'] },
      { task: 'Click “Help”', score: 3, people: ['Ben Jr'] },
    ]);
  });
});
