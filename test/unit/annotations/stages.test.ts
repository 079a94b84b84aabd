import { describe, expect, it } from 'vitest';
import { addStage, moveStage, removeStage, renameStage, renumber, type StageSwitch, stageAt } from '@/lib/annotations/stages';
import type { Stage } from '@/lib/journey/stages';

/** Stages a, b, c, d in that order. */
function abcd(): Stage[] {
  return renumber(['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase(), order: 0 })));
}

const ids = (stages: readonly Stage[]) => stages.map((stage) => stage.id);

/** `order` always matches the position in the list. */
function expectNumbered(stages: readonly Stage[]): void {
  expect(stages.map((stage) => stage.order)).toEqual(stages.map((_stage, index) => index));
}

describe('renumber', () => {
  it('numbers stages in list order, whatever order they had', () => {
    expect(
      renumber([
        { id: 'x', name: 'X', order: 9 },
        { id: 'y', name: 'Y', order: -1 },
      ]),
    ).toEqual([
      { id: 'x', name: 'X', order: 0 },
      { id: 'y', name: 'Y', order: 1 },
    ]);
  });
});

describe('renameStage', () => {
  it('renames one stage, cleaning the name to one line', () => {
    const renamed = renameStage(abcd(), 'b', '  Compare \n offers ');
    expect(renamed[1]).toEqual({ id: 'b', name: 'Compare offers', order: 1 });
    expect(renamed.filter((stage) => stage.id !== 'b')).toEqual(abcd().filter((stage) => stage.id !== 'b'));
  });

  it('keeps the old name when the new one is blank', () => {
    expect(renameStage(abcd(), 'b', '   ')).toEqual(abcd());
  });

  it('changes nothing for an unknown stage', () => {
    expect(renameStage(abcd(), 'zzz', 'New')).toEqual(abcd());
  });

  it('does not change the list it was given', () => {
    const stages = abcd();
    renameStage(stages, 'a', 'Other');
    expect(stages).toEqual(abcd());
  });
});

describe('addStage', () => {
  it('adds a stage at the end by default, with the id given', () => {
    const added = addStage(abcd(), 'Loyalty', 'e');
    expect(ids(added)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(added[4]).toEqual({ id: 'e', name: 'Loyalty', order: 4 });
  });

  it('adds a stage right after the one named, renumbering the ones after it', () => {
    const added = addStage(abcd(), 'Between', 'ab', 'a');
    expect(ids(added)).toEqual(['a', 'ab', 'b', 'c', 'd']);
    expectNumbered(added);
    expect(ids(addStage(abcd(), 'Last', 'z', 'd'))).toEqual(['a', 'b', 'c', 'd', 'z']);
  });

  it('adds at the end when the stage to follow is unknown', () => {
    expect(ids(addStage(abcd(), 'New', 'n', 'ghost'))).toEqual(['a', 'b', 'c', 'd', 'n']);
  });

  it('adds to an empty list', () => {
    expect(addStage([], 'Only', 'o')).toEqual([{ id: 'o', name: 'Only', order: 0 }]);
  });

  it('cleans the name, and names a stage with a blank name "…"', () => {
    expect(addStage([], '  Try \n it ', 'n')[0]?.name).toBe('Try it');
    expect(addStage([], '   ', 'n')[0]?.name).toBe('…');
  });
});

describe('moveStage', () => {
  it('moves a stage one place later or earlier, renumbering', () => {
    const later = moveStage(abcd(), 'b', 1);
    expect(ids(later)).toEqual(['a', 'c', 'b', 'd']);
    expectNumbered(later);
    expect(ids(moveStage(abcd(), 'c', -1))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('does not move the first stage earlier nor the last one later', () => {
    expect(moveStage(abcd(), 'a', -1)).toEqual(abcd());
    expect(moveStage(abcd(), 'd', 1)).toEqual(abcd());
  });

  it('changes nothing for an unknown stage', () => {
    expect(moveStage(abcd(), 'ghost', 1)).toEqual(abcd());
    expect(moveStage(abcd(), 'ghost', -1)).toEqual(abcd());
  });
});

describe('removeStage', () => {
  it('removes a stage and says its steps move to the stage before it', () => {
    const { stages, movedTo } = removeStage(abcd(), 'c');
    expect(ids(stages)).toEqual(['a', 'b', 'd']);
    expectNumbered(stages);
    expect(movedTo).toBe('b');
  });

  it('moves the steps of the first stage to the next one', () => {
    const { stages, movedTo } = removeStage(abcd(), 'a');
    expect(ids(stages)).toEqual(['b', 'c', 'd']);
    expect(stages[0]?.order).toBe(0);
    expect(movedTo).toBe('b');
  });

  it('removes the last stage of the list, moving its steps to the one before', () => {
    expect(removeStage(abcd(), 'd')).toMatchObject({ movedTo: 'c' });
  });

  it('does not remove the last remaining stage', () => {
    const only = [{ id: 'only', name: 'Only', order: 0 }];
    expect(removeStage(only, 'only')).toEqual({ stages: only, movedTo: null });
  });

  it('changes nothing for an unknown stage', () => {
    expect(removeStage(abcd(), 'ghost')).toEqual({ stages: abcd(), movedTo: null });
  });

  it('can remove stages one by one until a single one is left', () => {
    let stages = abcd();
    for (const id of ['b', 'a', 'd']) stages = removeStage(stages, id).stages;
    expect(stages).toEqual([{ id: 'c', name: 'C', order: 0 }]);
    expect(removeStage(stages, 'c').movedTo).toBeNull();
  });
});

describe('stageAt', () => {
  const switches: StageSwitch[] = [
    { t: 1000, stageId: 'b' },
    { t: 5000, stageId: 'd' },
  ];

  it('is the first stage when there is no switch, or before the first one', () => {
    expect(stageAt(0, [], abcd())).toBe('a');
    expect(stageAt(999, switches, abcd())).toBe('a');
  });

  it('is the stage of the latest switch at or before the moment', () => {
    expect(stageAt(1000, switches, abcd())).toBe('b');
    expect(stageAt(4999, switches, abcd())).toBe('b');
    expect(stageAt(5000, switches, abcd())).toBe('d');
    expect(stageAt(90_000, switches, abcd())).toBe('d');
  });

  it('ignores switches to stages that no longer exist, keeping the stage before', () => {
    const withGhost: StageSwitch[] = [...switches, { t: 6000, stageId: 'removed' }];
    expect(stageAt(7000, withGhost, abcd())).toBe('d');
    expect(stageAt(2000, [{ t: 1000, stageId: 'gone' }], abcd())).toBe('a');
  });

  it('allows going back to an earlier stage', () => {
    expect(stageAt(8000, [...switches, { t: 7000, stageId: 'a' }], abcd())).toBe('a');
  });

  it('is null for a walk without stages', () => {
    expect(stageAt(100, switches, [])).toBeNull();
  });
});
