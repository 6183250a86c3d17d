/**
 * Prometheus metrics (prom-client). Each `createMetrics()` has its own Registry, so several engines
 * (or tests) in one process never collide, and nothing is registered on prom-client's global registry.
 * Every metric name starts with `vigil_`, including the default process metrics.
 *
 * Labelled series whose label values are known up front (outcomes, feed states) are created at zero,
 * so they appear in `/metrics` before the first event and `rate()` / `increase()` work from the start.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'vigil_';

export const CHANGE_OUTCOMES = ['ok', 'skipped', 'failed', 'dead_lettered'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

export const TRANSITION_OUTCOMES = ['changed', 'unchanged', 'error'] as const;
export type TransitionOutcome = (typeof TRANSITION_OUTCOMES)[number];

export const FEED_STATES = ['running', 'backoff', 'fatal', 'stopped'] as const;
export type FeedState = (typeof FEED_STATES)[number];

export interface Metrics {
  registry: Registry;
  /** vigil_changes_processed_total{outcome}: changes taken off the feed, by what became of them */
  changesProcessed: Counter<'outcome'>;
  /** vigil_transition_duration_seconds{transition}: time spent in one transition's filter + onMatch */
  transitionDuration: Histogram<'transition'>;
  /** vigil_transition_runs_total{transition,outcome}: onMatch runs by result */
  transitionRuns: Counter<'transition' | 'outcome'>;
  /** vigil_backlog_changes: changes between the checkpoint and the database's update_seq */
  backlog: Gauge;
  /** vigil_oldest_unprocessed_age_seconds: age of the oldest change not yet done or dead-lettered */
  oldestUnprocessedAgeSeconds: Gauge;
  /** vigil_dead_letters: dead-letter records currently stored (not yet replayed or discarded) */
  deadLetters: Gauge;
  /** vigil_messages{state}: task messages by state (pending, scheduled, sent, delivered, failed, ...) */
  messagesByState: Gauge<'state'>;
  /** vigil_transition_enabled{transition}: 1 when the transition runs, 0 when off or disabled by bad config */
  transitionEnabled: Gauge<'transition'>;
  /** vigil_config_problems{section}: configuration problems found, by top-level settings section */
  configProblems: Gauge<'section'>;
  /** vigil_batch_duration_seconds: time to process one batch of changes, fetch to checkpoint */
  batchDuration: Histogram;
  /** vigil_feed_state{state}: 1 for the changes feed's current state, 0 for the others (see setFeedState) */
  feedState: Gauge<'state'>;
  /** vigil_job_runs_total{job,outcome}: scheduled job runs (due_tasks, outbound, ...) by outcome */
  jobRuns: Counter<'job' | 'outcome'>;
}

export interface MetricsOptions {
  /** collect prom-client's default process metrics (CPU, memory, event loop lag, GC), prefixed `vigil_`; default true */
  defaultMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const changesProcessed = new Counter({
    name: 'vigil_changes_processed_total',
    help: 'Changes taken off the changes feed, by outcome (ok, skipped, failed, dead_lettered)',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of CHANGE_OUTCOMES) changesProcessed.inc({ outcome }, 0);

  const transitionDuration = new Histogram({
    name: 'vigil_transition_duration_seconds',
    help: 'Time spent running one transition on one document',
    labelNames: ['transition'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const transitionRuns = new Counter({
    name: 'vigil_transition_runs_total',
    help: 'Transition runs by outcome (changed, unchanged, error)',
    labelNames: ['transition', 'outcome'] as const,
    registers,
  });

  const backlog = new Gauge({
    name: 'vigil_backlog_changes',
    help: "Changes between the engine's checkpoint and the database's update_seq",
    registers,
  });

  const oldestUnprocessedAgeSeconds = new Gauge({
    name: 'vigil_oldest_unprocessed_age_seconds',
    help: 'Age in seconds of the oldest change that is neither done nor dead-lettered (0 when caught up)',
    registers,
  });

  const deadLetters = new Gauge({
    name: 'vigil_dead_letters',
    help: 'Dead-letter records currently stored (changes that failed every retry)',
    registers,
  });

  const messagesByState = new Gauge({
    name: 'vigil_messages',
    help: 'Task messages by state',
    labelNames: ['state'] as const,
    registers,
  });

  const transitionEnabled = new Gauge({
    name: 'vigil_transition_enabled',
    help: 'Whether a transition runs (1) or is off or disabled by a configuration problem (0)',
    labelNames: ['transition'] as const,
    registers,
  });

  const configProblems = new Gauge({
    name: 'vigil_config_problems',
    help: 'Configuration problems found, by top-level settings section',
    labelNames: ['section'] as const,
    registers,
  });

  const batchDuration = new Histogram({
    name: 'vigil_batch_duration_seconds',
    help: 'Time to process one batch of changes, from fetch to checkpoint',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });

  const feedState = new Gauge({
    name: 'vigil_feed_state',
    help: 'Changes feed state: 1 for the current state (running, backoff, fatal, stopped), 0 for the others',
    labelNames: ['state'] as const,
    registers,
  });

  const jobRuns = new Counter({
    name: 'vigil_job_runs_total',
    help: 'Scheduled job runs by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });

  const metrics: Metrics = {
    registry,
    changesProcessed,
    transitionDuration,
    transitionRuns,
    backlog,
    oldestUnprocessedAgeSeconds,
    deadLetters,
    messagesByState,
    transitionEnabled,
    configProblems,
    batchDuration,
    feedState,
    jobRuns,
  };
  setFeedState(metrics, 'stopped');

  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return metrics;
}

/** Sets `vigil_feed_state` to 1 for `state` and 0 for every other state. */
export function setFeedState(metrics: Pick<Metrics, 'feedState'>, state: FeedState): void {
  for (const s of FEED_STATES) metrics.feedState.set({ state: s }, s === state ? 1 : 0);
}

/**
 * Replaces a labelled gauge's series with `values` (e.g. message counts by state, problems by section),
 * so a label that disappeared (a section fixed, a transition removed) no longer reports a stale value.
 */
export function setGaugeValues<L extends string>(gauge: Gauge<L>, label: L, values: Record<string, number>): void {
  gauge.reset();
  for (const [key, value] of Object.entries(values)) {
    gauge.set({ [label]: key } as Partial<Record<L, string>>, value);
  }
}
