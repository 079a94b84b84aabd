// @vitest-environment jsdom
// Mermaid sanitizes titles with DOMPurify, which needs a window: jsdom gives it one. The parsing is Mermaid's own.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { writeMergedMermaid } from '@/lib/bundle/merged/merged-mermaid';
import { merged } from './merged-fixture';

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
