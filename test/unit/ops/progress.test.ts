import { ProgressTracker, formatCount, formatDuration, formatProgress, formatRate } from '../../../lib/feed/progress';

function trackerAt(startMs = 1_000_000, windowMs?: number) {
  let now = startMs;
  const tracker = new ProgressTracker({ nowMs: () => now, windowMs });
  return {
    tracker,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('ProgressTracker', () => {
  it('measures the rate and the ETA from recorded batches', () => {
    const { tracker, advance } = trackerAt();
    advance(1000);
    tracker.record(850, 5050);
    advance(1000);
    tracker.record(850, 4200);
    expect(tracker.snapshot()).toEqual({ processed: 1700, remaining: 4200, ratePerSec: 850, etaSeconds: 5 });
    expect(tracker.format()).toBe('backlog 4,200 left, 850 docs/s, eta 5s');
  });

  it('measures the rate over the sliding window only', () => {
    const { tracker, advance } = trackerAt(0, 10_000);
    // 20 s at 100 docs/s, then 10 s at 1,000 docs/s
    for (let i = 0; i < 20; i++) {
      advance(1000);
      tracker.record(100, 50_000);
    }
    expect(tracker.snapshot().ratePerSec).toBeCloseTo(100);
    for (let i = 0; i < 10; i++) {
      advance(1000);
      tracker.record(1000, 40_000);
    }
    const snap = tracker.snapshot();
    expect(snap.ratePerSec).toBeCloseTo(1000);
    expect(snap.etaSeconds).toBe(40);
    expect(snap.processed).toBe(12_000);
  });

  it('lets the rate decay when progress stalls, down to 0 and an unknown ETA', () => {
    const { tracker, advance } = trackerAt(0, 10_000);
    for (let i = 0; i < 10; i++) {
      advance(1000);
      tracker.record(500, 1000);
    }
    advance(5000);
    // the window now covers t=5s..15s: 2,500 docs in 10 s
    expect(tracker.snapshot().ratePerSec).toBeCloseTo(250, 5);
    advance(10_000);
    expect(tracker.snapshot()).toMatchObject({ ratePerSec: 0, etaSeconds: null, remaining: 1000 });
    expect(tracker.format()).toBe('backlog 1,000 left, 0 docs/s, eta unknown');
  });

  it('reports an ETA of 0 once drained, and null before any progress', () => {
    const { tracker, advance } = trackerAt();
    expect(tracker.snapshot()).toEqual({ processed: 0, remaining: 0, ratePerSec: 0, etaSeconds: 0 });
    tracker.record(0, 300);
    expect(tracker.snapshot().etaSeconds).toBeNull();
    advance(2000);
    tracker.record(300, 0);
    expect(tracker.snapshot()).toEqual({ processed: 300, remaining: 0, ratePerSec: 150, etaSeconds: 0 });
  });

  it('rounds the ETA up to whole seconds', () => {
    const { tracker, advance } = trackerAt();
    advance(1000);
    tracker.record(300, 1000);
    expect(tracker.snapshot().etaSeconds).toBe(4);
  });

  it('ignores negative counts and a clock going backwards', () => {
    const { tracker, advance } = trackerAt();
    advance(1000);
    tracker.record(100, 100);
    advance(-5000);
    tracker.record(-50, -1);
    const snap = tracker.snapshot();
    expect(snap.processed).toBe(100);
    expect(snap.remaining).toBe(0);
    expect(snap.ratePerSec).toBeGreaterThanOrEqual(0);
  });

  it('reset starts the measure over', () => {
    const { tracker, advance } = trackerAt();
    advance(1000);
    tracker.record(1000, 10);
    tracker.reset();
    advance(1000);
    tracker.record(10, 0);
    expect(tracker.snapshot()).toEqual({ processed: 10, remaining: 0, ratePerSec: 10, etaSeconds: 0 });
  });

  it('rejects a non-positive window', () => {
    expect(() => new ProgressTracker({ nowMs: () => 0, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('progress formatting', () => {
  it('formats counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(4200)).toBe('4,200');
    expect(formatCount(1234567.4)).toBe('1,234,567');
  });

  it('formats rates', () => {
    expect(formatRate(850.4)).toBe('850');
    expect(formatRate(12345)).toBe('12,345');
    expect(formatRate(3.25)).toBe('3.3');
    expect(formatRate(0.04)).toBe('0.04');
    expect(formatRate(0)).toBe('0');
  });

  it('formats durations', () => {
    expect(formatDuration(4.2)).toBe('5s');
    expect(formatDuration(60)).toBe('1m');
    expect(formatDuration(90)).toBe('1m 30s');
    expect(formatDuration(7500)).toBe('2h 5m');
    expect(formatDuration(3 * 86400 + 2 * 3600)).toBe('3d 2h');
    expect(formatDuration(null)).toBe('unknown');
  });

  it('formats a snapshot', () => {
    expect(formatProgress({ processed: 10, remaining: 1_500_000, ratePerSec: 1234.6, etaSeconds: 1215 })).toBe(
      'backlog 1,500,000 left, 1,235 docs/s, eta 20m 15s',
    );
  });
});
