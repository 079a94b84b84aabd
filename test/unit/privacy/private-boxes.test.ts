import { describe, expect, it } from 'vitest';
import type { Rect } from '@/lib/capture/events';
import {
  bothMoments,
  boxesInImage,
  type FrameReport,
  type FrameSlot,
  frameCandidates,
  isPrivateBoxes,
  MAX_BOXES,
  mergeBoxes,
  type PrivacyPlan,
  type PrivateBoxes,
  planPrivateBoxes,
} from '@/lib/privacy/private-boxes';

const answer = (boxes: Rect[], slots: FrameSlot[] = [], viewport = { width: 1000, height: 800 }): PrivateBoxes => ({ viewport, boxes, slots, tookMs: 1 });
const slot = (src: string, box: Rect, overrides: Partial<FrameSlot> = {}): FrameSlot => ({
  src,
  box,
  viewportWidth: box.width,
  viewportHeight: box.height,
  skewed: false,
  ...overrides,
});
const report = (frameId: number, parentFrameId: number, url: string, given: PrivateBoxes | null): FrameReport => ({
  frameId,
  parentFrameId,
  url,
  answer: given,
});
const TOP = 'https://shop.example/checkout';
const PAY = 'https://pay.example/card.html';

function planned(reports: FrameReport[]): Extract<PrivacyPlan, { ok: true }> {
  const plan = planPrivateBoxes(reports);
  if (!plan.ok) throw new Error(plan.detail);
  return plan;
}

describe('planPrivateBoxes', () => {
  it('has no plan without the top frame’s answer: the image is not to be stored', () => {
    expect(planPrivateBoxes([report(0, -1, TOP, null)])).toMatchObject({ ok: false });
    expect(planPrivateBoxes([report(3, 0, PAY, answer([]))])).toMatchObject({ ok: false });
    expect(planPrivateBoxes([report(0, -1, TOP, answer([], [], { width: 0, height: 0 }))])).toMatchObject({ ok: false });
  });

  it('keeps the top frame’s boxes as they are, clipped to its viewport', () => {
    const plan = planned([
      report(
        0,
        -1,
        TOP,
        answer([
          { x: 10, y: 10, width: 50, height: 20 },
          { x: 990, y: 790, width: 50, height: 50 },
        ]),
      ),
    ]);
    expect(plan.boxes).toEqual([
      { x: 10, y: 10, width: 50, height: 20 },
      { x: 990, y: 790, width: 10, height: 10 },
    ]);
    expect(plan).toMatchObject({ viewport: { width: 1000, height: 800 }, frames: 1, hiddenFrames: 0 });
  });

  it('places a child frame’s boxes in its iframe’s content box, clipped to it', () => {
    const plan = planned([
      report(0, -1, TOP, answer([], [slot(PAY, { x: 100, y: 300, width: 400, height: 200 })])),
      report(
        3,
        0,
        PAY,
        answer(
          [
            { x: 10, y: 20, width: 100, height: 30 },
            { x: 390, y: 190, width: 100, height: 100 },
          ],
          [],
          { width: 400, height: 200 },
        ),
      ),
    ]);
    expect(plan.boxes).toEqual([
      { x: 110, y: 320, width: 100, height: 30 },
      { x: 490, y: 490, width: 10, height: 10 },
    ]);
    expect(plan.hiddenFrames).toBe(0);
  });

  it('hides the whole iframe of a frame that did not answer, of one no frame claims, of a rotated one', () => {
    const plan = planned([
      report(
        0,
        -1,
        TOP,
        answer(
          [],
          [
            slot(PAY, { x: 0, y: 0, width: 100, height: 100 }),
            slot('data:text/html,hello', { x: 200, y: 0, width: 100, height: 100 }),
            slot('https://spin.example/', { x: 400, y: 0, width: 100, height: 100 }, { skewed: true }),
          ],
        ),
      ),
      report(3, 0, PAY, null),
      report(5, 0, 'https://spin.example/', answer([], [], { width: 100, height: 100 })),
    ]);
    expect(plan.boxes).toEqual([
      { x: 0, y: 0, width: 100, height: 100 },
      { x: 200, y: 0, width: 100, height: 100 },
      { x: 400, y: 0, width: 100, height: 100 },
    ]);
    expect(plan.hiddenFrames).toBe(3);
  });

  it('nests: a grandchild is placed through its parent, and a silent parent hides it with itself', () => {
    const inner = 'https://inner.example/';
    const reports = (middle: PrivateBoxes | null) => [
      report(0, -1, TOP, answer([], [slot(PAY, { x: 100, y: 100, width: 500, height: 400 })])),
      report(3, 0, PAY, middle),
      report(7, 3, inner, answer([{ x: 5, y: 5, width: 10, height: 10 }], [], { width: 200, height: 100 })),
    ];
    expect(planned(reports(answer([], [slot(inner, { x: 50, y: 60, width: 200, height: 100 })], { width: 500, height: 400 }))).boxes).toEqual([
      { x: 155, y: 165, width: 10, height: 10 },
    ]);
    expect(planned(reports(null)).boxes).toEqual([{ x: 100, y: 100, width: 500, height: 400 }]);
  });

  it('scales a child’s boxes by its iframe’s transform (a scaled iframe)', () => {
    const plan = planned([
      report(0, -1, TOP, answer([], [slot(PAY, { x: 0, y: 0, width: 200, height: 100 }, { viewportWidth: 400, viewportHeight: 200 })])),
      report(3, 0, PAY, answer([{ x: 100, y: 100, width: 100, height: 50 }], [], { width: 400, height: 200 })),
    ]);
    expect(plan.boxes).toEqual([{ x: 50, y: 50, width: 50, height: 25 }]);
  });

  it('draws the boxes of frames that cannot be told apart in every iframe they may be in', () => {
    const same = 'https://widget.example/form';
    const plan = planned([
      report(0, -1, TOP, answer([], [slot(same, { x: 0, y: 0, width: 300, height: 100 }), slot(same, { x: 0, y: 200, width: 300, height: 100 })])),
      report(3, 0, same, answer([{ x: 10, y: 10, width: 50, height: 20 }], [], { width: 300, height: 100 })),
      report(4, 0, same, answer([], [], { width: 300, height: 100 })),
    ]);
    expect(plan.boxes).toEqual([
      { x: 10, y: 10, width: 50, height: 20 },
      { x: 10, y: 210, width: 50, height: 20 },
    ]);
    // One of the two silent: neither iframe can be trusted.
    const silent = planned([
      report(0, -1, TOP, answer([], [slot(same, { x: 0, y: 0, width: 300, height: 100 }), slot(same, { x: 0, y: 200, width: 300, height: 100 })])),
      report(3, 0, same, answer([], [], { width: 300, height: 100 })),
      report(4, 0, same, null),
    ]);
    expect(silent.hiddenFrames).toBe(2);
  });

  it('hides the parent’s whole viewport for a frame with something to hide that has no iframe to be placed in', () => {
    const plan = planned([report(0, -1, TOP, answer([])), report(3, 0, PAY, answer([{ x: 0, y: 0, width: 10, height: 10 }]))]);
    expect(plan.boxes).toEqual([{ x: 0, y: 0, width: 1000, height: 800 }]);
    // With nothing to hide, it needs no place.
    expect(planned([report(0, -1, TOP, answer([])), report(3, 0, PAY, answer([]))]).boxes).toEqual([]);
  });

  it('leaves out iframes out of view', () => {
    const plan = planned([report(0, -1, TOP, answer([], [slot(PAY, { x: 0, y: 900, width: 400, height: 200 })])), report(3, 0, PAY, null)]);
    expect(plan.boxes).toEqual([]);
  });
});

describe('frameCandidates', () => {
  const slots = [
    slot('https://a.example/x', { x: 0, y: 0, width: 100, height: 100 }),
    slot('https://a.example/y', { x: 0, y: 0, width: 300, height: 100 }),
    slot('https://b.example/z', { x: 0, y: 0, width: 100, height: 100 }),
  ];
  it('matches by URL, else origin, else every iframe, narrowed by size', () => {
    expect(frameCandidates(slots, 'https://a.example/x', null)).toEqual([0]);
    expect(frameCandidates(slots, 'https://a.example/moved', null)).toEqual([0, 1]);
    expect(frameCandidates(slots, 'https://a.example/moved', { width: 300, height: 100 })).toEqual([1]);
    expect(frameCandidates(slots, 'about:blank', null)).toEqual([0, 1, 2]);
    expect(frameCandidates(slots, 'about:blank', { width: 100, height: 100 })).toEqual([0, 2]);
    expect(frameCandidates(slots, 'about:blank', { width: 5, height: 5 })).toEqual([0, 1, 2]);
    expect(frameCandidates([], 'https://a.example/x', null)).toEqual([]);
  });
});

describe('boxesInImage', () => {
  const plan = (boxes: Rect[]): Extract<PrivacyPlan, { ok: true }> => ({
    ok: true,
    viewport: { width: 1280, height: 800 },
    boxes,
    frames: 1,
    hiddenFrames: 0,
    pageMs: 1,
  });

  it('pads, scales to device pixels, snaps outwards and clamps', () => {
    expect(boxesInImage(plan([{ x: 10.4, y: 20.6, width: 100, height: 18 }]), 2560, 1600)).toEqual([{ x: 16, y: 37, width: 209, height: 45 }]);
    expect(boxesInImage(plan([{ x: 0, y: 790, width: 100, height: 30 }]), 1280, 800)).toEqual([{ x: 0, y: 788, width: 102, height: 12 }]);
    expect(boxesInImage(plan([]), 1280, 800)).toEqual([]);
  });

  it('refuses an image of another aspect than the page measured', () => {
    expect(boxesInImage(plan([]), 1280, 1000)).toBeNull();
    expect(boxesInImage(plan([]), 0, 0)).toBeNull();
    // Rounding of a zoomed page is no other aspect.
    expect(boxesInImage(plan([]), 1921, 1200)).toEqual([]);
  });
});

describe('mergeBoxes', () => {
  it('joins the boxes of one line and of one column that meet, and drops boxes inside others', () => {
    expect(
      mergeBoxes([
        { x: 0, y: 0, width: 10, height: 5 },
        { x: 10, y: 0, width: 10, height: 5 },
        { x: 50, y: 0, width: 10, height: 5 },
        { x: 100, y: 100, width: 50, height: 50 },
        { x: 110, y: 110, width: 5, height: 5 },
        { x: 200, y: 0, width: 10, height: 10 },
        { x: 200, y: 10, width: 10, height: 10 },
        { x: 0, y: 0, width: 0, height: 5 },
      ]),
    ).toEqual([
      { x: 0, y: 0, width: 20, height: 5 },
      { x: 50, y: 0, width: 10, height: 5 },
      { x: 200, y: 0, width: 10, height: 20 },
      { x: 100, y: 100, width: 50, height: 50 },
    ]);
    expect(
      mergeBoxes([
        { x: 1, y: 1, width: 2, height: 2 },
        { x: 1, y: 1, width: 2, height: 2 },
      ]),
    ).toEqual([{ x: 1, y: 1, width: 2, height: 2 }]);
  });

  it('covers too many boxes with the one box holding them all', () => {
    const many = Array.from({ length: MAX_BOXES + 1 }, (_, i) => ({ x: (i % 50) * 20, y: Math.floor(i / 50) * 20, width: 5, height: 5 }));
    expect(mergeBoxes(many)).toEqual([{ x: 0, y: 0, width: 985, height: 405 }]);
  });
});

describe('a frame’s answers of two moments', () => {
  it('hides what either says, and sees its iframes at both places', () => {
    const early = answer([{ x: 0, y: 0, width: 5, height: 5 }], [slot(PAY, { x: 0, y: 0, width: 10, height: 10 })]);
    const late = answer([{ x: 9, y: 9, width: 5, height: 5 }], [slot(PAY, { x: 0, y: 50, width: 10, height: 10 })]);
    expect(bothMoments(early, late)).toMatchObject({ boxes: [...early.boxes, ...late.boxes], slots: [...early.slots, ...late.slots] });
    expect(bothMoments(early, null)).toBe(early);
    expect(bothMoments(null, late)).toBe(late);
    // Placed at both places.
    const plan = planned([
      report(0, -1, TOP, bothMoments(early, late)),
      report(3, 0, PAY, answer([{ x: 1, y: 1, width: 2, height: 2 }], [], { width: 10, height: 10 })),
    ]);
    expect(plan.boxes).toContainEqual({ x: 1, y: 1, width: 2, height: 2 });
    expect(plan.boxes).toContainEqual({ x: 1, y: 51, width: 2, height: 2 });
  });

  it('takes from a page only what has the shape of an answer', () => {
    expect(isPrivateBoxes(answer([{ x: 0, y: 0, width: 1, height: 1 }], [slot(PAY, { x: 0, y: 0, width: 1, height: 1 })]))).toBe(true);
    for (const bad of [
      null,
      1,
      { viewport: { width: 1, height: 1 }, boxes: [{ x: 'a' }], slots: [] },
      { viewport: {}, boxes: [], slots: [] },
      { ...answer([]), slots: [{ src: 1 }] },
    ])
      expect(isPrivateBoxes(bad), JSON.stringify(bad)).toBe(false);
  });
});
