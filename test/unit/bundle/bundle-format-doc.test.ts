import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_MISSING_REASONS } from '@/lib/capture/events';

/** docs/bundle-format.md describes journey.json for other tools: what it lists must be what the code writes. */
const doc = readFileSync(new URL('../../../docs/bundle-format.md', import.meta.url), 'utf8');

describe('docs/bundle-format.md', () => {
  it('lists exactly the reasons a step can lack a screenshot for: the type’s, and the export’s deleted', () => {
    const bullet = doc.slice(doc.indexOf('- `screenshot` is a path'), doc.indexOf('\n- ', doc.indexOf('- `screenshot` is a path') + 1));
    const named = new Set([...bullet.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((match) => match[1] as string));
    const reasons: readonly string[] = [...SCREENSHOT_MISSING_REASONS, 'deleted'];
    expect(reasons.filter((reason) => !named.has(reason))).toEqual([]);
    // The other lowercase words in backticks there are the field and its null, not reasons the code lacks.
    expect([...named].filter((word) => !reasons.includes(word)).sort()).toEqual(['null', 'screenshot']);
  });

  it('shows the persona as an object with a name and a description', () => {
    expect(doc).toMatch(/"persona": \{ "name": "[^"]*", "description": "[^"]*" \}/);
    expect(doc).not.toMatch(/"persona": ""/);
  });
});
