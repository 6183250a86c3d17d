/**
 * Progress of a backlog drain: how many changes were processed, how many remain, the processing rate
 * over a sliding window and the estimated time to drain. Pure: time comes from the injected `nowMs`,
 * so tests move the clock by hand. The engine logs `format(snapshot())` every few seconds while a
 * backlog drains, e.g. `backlog 4,200 left, 850 docs/s, eta 5s`.
 */

export interface ProgressSnapshot {
  /** changes processed since the tracker started (or was reset) */
  processed: number;
  /** changes still to process, as last recorded */
  remaining: number;
  /** changes per second over the sliding window, measured up to now (0 when nothing moved) */
  ratePerSec: number;
  /** seconds until the backlog is drained at the current rate; 0 when drained; null when unknown (no progress) */
  etaSeconds: number | null;
}

export interface ProgressTrackerOptions {
  nowMs: () => number;
  /** width of the sliding window the rate is measured over; default 10 s */
  windowMs?: number;
}

interface Sample {
  t: number;
  /** cumulative processed count at time t */
  total: number;
}

export const DEFAULT_PROGRESS_WINDOW_MS = 10_000;

export class ProgressTracker {
  private readonly nowMs: () => number;
  private readonly windowMs: number;
  private samples: Sample[] = [];
  private total = 0;
  private remaining = 0;

  constructor(opts: ProgressTrackerOptions) {
    this.nowMs = opts.nowMs;
    const w = opts.windowMs ?? DEFAULT_PROGRESS_WINDOW_MS;
    if (!Number.isFinite(w) || w <= 0) throw new RangeError(`windowMs must be a positive number of milliseconds, got ${w}`);
    this.windowMs = w;
    this.reset();
  }

  /** Starts over: nothing processed, and the rate is measured from now. */
  reset(): void {
    this.total = 0;
    this.remaining = 0;
    this.samples = [{ t: this.now(), total: 0 }];
  }

  /**
   * Records progress: `processed` changes were processed since the previous call (a count, not a
   * running total; e.g. the size of the batch just committed), and `remaining` are still behind.
   * Negative or non-finite numbers count as 0.
   */
  record(processed: number, remaining: number): void {
    this.total += clampCount(processed);
    this.remaining = clampCount(remaining);
    const t = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last.t === t) last.total = this.total;
    else this.samples.push({ t, total: this.total });
    this.prune(t);
  }

  snapshot(): ProgressSnapshot {
    const now = this.now();
    this.prune(now);
    const anchor = this.samples[0];
    const elapsedMs = now - anchor.t;
    const ratePerSec = elapsedMs > 0 ? ((this.total - anchor.total) * 1000) / elapsedMs : 0;
    let etaSeconds: number | null;
    if (this.remaining === 0) etaSeconds = 0;
    else if (ratePerSec > 0) etaSeconds = Math.ceil(this.remaining / ratePerSec);
    else etaSeconds = null;
    return { processed: this.total, remaining: this.remaining, ratePerSec, etaSeconds };
  }

  /** `backlog 4,200 left, 850 docs/s, eta 5s` (defaults to the current snapshot). */
  format(snapshot: ProgressSnapshot = this.snapshot()): string {
    return formatProgress(snapshot);
  }

  /** never lets time run backwards (a clock adjustment must not produce negative rates) */
  private now(): number {
    const t = this.nowMs();
    const last = this.samples.length ? this.samples[this.samples.length - 1].t : -Infinity;
    return Number.isFinite(t) && t > last ? t : Number.isFinite(last) ? last : 0;
  }

  /**
   * Keeps the samples inside the window plus one anchor at or before the window's start, so the rate
   * covers the whole window (and falls to 0 once nothing has been recorded for a full window).
   */
  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let anchor = 0;
    for (let i = 0; i < this.samples.length; i++) {
      if (this.samples[i].t <= cutoff) anchor = i;
      else break;
    }
    if (anchor > 0) this.samples = this.samples.slice(anchor);
  }
}

function clampCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** 1234567 -> `1,234,567` (fixed separators whatever the process locale, for greppable logs). */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 850 -> `850`, 3.25 -> `3.3`, 0.04 -> `0.04`, 0 -> `0` */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0';
  if (rate >= 10) return formatCount(rate);
  if (rate >= 0.1) return String(Math.round(rate * 10) / 10);
  return String(Math.round(rate * 100) / 100 || 0.01);
}

/** 5 -> `5s`, 90 -> `1m 30s`, 7500 -> `2h 5m`, 266400 -> `3d 2h`; null -> `unknown` */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export function formatProgress(snapshot: ProgressSnapshot): string {
  return `backlog ${formatCount(snapshot.remaining)} left, ${formatRate(snapshot.ratePerSec)} docs/s, eta ${formatDuration(snapshot.etaSeconds)}`;
}
