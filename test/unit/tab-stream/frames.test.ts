import { describe, expect, it } from 'vitest';
import { coverInFrame, FrameClock, frameAt, frameDelayMs } from '@/lib/tab-stream/frames';

describe('FrameClock', () => {
  it('uses read times until it has seen a frame, then the best offset seen (the quickest read)', () => {
    const clock = new FrameClock();
    expect(clock.calibrated).toBe(false);
    expect(clock.capturedAt(5_000_000, 120)).toBe(120);
    // Captured at performance time 100 on a clock whose origin is 4,900 ms: read 20 ms, then 2 ms late.
    clock.observe(5_000_000, 120);
    expect(clock.capturedAt(5_000_000, 120)).toBe(120);
    clock.observe(5_050_000, 152);
    expect(clock.calibrated).toBe(true);
    // Offset 4,898: frames now place 2 ms after their true capture, never 20.
    expect(clock.capturedAt(5_000_000, 200)).toBe(102);
    // A slower read later does not spoil the estimate.
    clock.observe(5_100_000, 260);
    expect(clock.capturedAt(5_100_000, 260)).toBe(202);
  });

  it('never places a capture after the frame was read', () => {
    const clock = new FrameClock();
    clock.observe(1_000_000, 10);
    expect(clock.capturedAt(2_000_000, 500)).toBe(500);
  });
});

describe('frameAt', () => {
  const frames = [
    { frame: 'a', capturedAtEpochMs: 1000 },
    { frame: 'b', capturedAtEpochMs: 1033 },
    { frame: 'c', capturedAtEpochMs: 1066 },
  ];

  it('takes the latest frame captured at or before the moment', () => {
    expect(frameAt(frames, 1050)?.frame).toBe('b');
    expect(frameAt(frames, 1033)?.frame).toBe('b');
    expect(frameAt(frames, 5000)?.frame).toBe('c');
  });

  it('takes the oldest when every frame came after the moment (a stream just started), and nothing from nothing', () => {
    expect(frameAt(frames, 900)?.frame).toBe('a');
    expect(frameAt([], 900)).toBeNull();
  });

  it('does not depend on the order frames are given in', () => {
    expect(frameAt([...frames].reverse(), 1050)?.frame).toBe('b');
  });
});

describe('frameDelayMs', () => {
  it('is negative for a frame captured before the moment, positive for one after, rounded', () => {
    expect(frameDelayMs(1000, 1500)).toBe(-500);
    expect(frameDelayMs(1500, 1500)).toBe(0);
    expect(frameDelayMs(1523.6, 1500)).toBe(24);
  });
});

describe('coverInFrame', () => {
  const cover = { rect: { x: 964, y: 465.25, width: 300, height: 318.75 }, viewportWidth: 1280, hiddenAtEpochMs: 0 };

  it('scales the overlay box to the frame and grows it a pixel each side', () => {
    expect(coverInFrame(cover, 1280, 800)).toEqual({ x: 963, y: 464, width: 302, height: 321 });
    expect(coverInFrame(cover, 2560, 1600)).toEqual({ x: 1927, y: 929, width: 602, height: 640 });
  });

  it('clips to the frame and gives nothing for a box outside it or a frame without size', () => {
    expect(coverInFrame({ ...cover, rect: { x: 1200, y: 700, width: 300, height: 300 } }, 1280, 800)).toEqual({ x: 1199, y: 699, width: 81, height: 101 });
    expect(coverInFrame({ ...cover, rect: { x: 1400, y: 0, width: 100, height: 100 } }, 1280, 800)).toBeNull();
    expect(coverInFrame({ ...cover, viewportWidth: 0 }, 1280, 800)).toBeNull();
    expect(coverInFrame(cover, 0, 0)).toBeNull();
  });
});
