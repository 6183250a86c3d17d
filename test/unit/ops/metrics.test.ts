import { register as globalRegister } from 'prom-client';
import { createMetrics, setFeedState, setGaugeValues } from '../../../lib/metrics';

describe('createMetrics', () => {
  it('registers every metric on its own registry, all prefixed vigil_, none on the global registry', async () => {
    const before = (await globalRegister.getMetricsAsJSON()).length;
    const m = createMetrics();
    const names = (await m.registry.getMetricsAsJSON()).map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'vigil_changes_processed_total',
        'vigil_transition_duration_seconds',
        'vigil_transition_runs_total',
        'vigil_backlog_changes',
        'vigil_oldest_unprocessed_age_seconds',
        'vigil_dead_letters',
        'vigil_messages',
        'vigil_transition_enabled',
        'vigil_config_problems',
        'vigil_batch_duration_seconds',
        'vigil_feed_state',
        'vigil_job_runs_total',
        'vigil_process_cpu_user_seconds_total',
        'vigil_nodejs_eventloop_lag_seconds',
      ]),
    );
    expect(names.filter((n) => !n.startsWith('vigil_'))).toEqual([]);
    expect((await globalRegister.getMetricsAsJSON()).length).toBe(before);
  });

  it('can leave out the default process metrics, and two instances do not collide', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.changesProcessed.inc({ outcome: 'ok' }, 3);
    expect(await a.registry.metrics()).toContain('vigil_changes_processed_total{outcome="ok"} 3');
    expect(await b.registry.metrics()).toContain('vigil_changes_processed_total{outcome="ok"} 0');
    expect(await a.registry.metrics()).not.toContain('vigil_process_cpu');
  });

  it('exposes every change outcome at zero before the first change, and the feed as stopped', async () => {
    const text = await createMetrics({ defaultMetrics: false }).registry.metrics();
    for (const outcome of ['ok', 'skipped', 'failed', 'dead_lettered']) {
      expect(text).toContain(`vigil_changes_processed_total{outcome="${outcome}"} 0`);
    }
    expect(text).toContain('vigil_feed_state{state="stopped"} 1');
    expect(text).toContain('vigil_feed_state{state="running"} 0');
  });

  it('records transition durations and runs by label', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.transitionDuration.observe({ transition: 'registration' }, 0.003);
    m.transitionRuns.inc({ transition: 'registration', outcome: 'changed' });
    m.jobRuns.inc({ job: 'due_tasks', outcome: 'ok' });
    m.backlog.set(4200);
    const text = await m.registry.metrics();
    expect(text).toContain('vigil_transition_duration_seconds_count{transition="registration"} 1');
    expect(text).toContain('vigil_transition_runs_total{transition="registration",outcome="changed"} 1');
    expect(text).toContain('vigil_job_runs_total{job="due_tasks",outcome="ok"} 1');
    expect(text).toContain('vigil_backlog_changes 4200');
  });
});

describe('setFeedState', () => {
  it('sets the current state to 1 and every other to 0', async () => {
    const m = createMetrics({ defaultMetrics: false });
    setFeedState(m, 'backoff');
    const values = Object.fromEntries((await m.feedState.get()).values.map((v) => [v.labels.state, v.value]));
    expect(values).toEqual({ running: 0, backoff: 1, fatal: 0, stopped: 0 });
  });
});

describe('setGaugeValues', () => {
  it('replaces the series so labels that disappeared stop reporting', async () => {
    const m = createMetrics({ defaultMetrics: false });
    setGaugeValues(m.configProblems, 'section', { registrations: 2, schedules: 1 });
    setGaugeValues(m.configProblems, 'section', { schedules: 3 });
    const values = (await m.configProblems.get()).values.map((v) => [v.labels.section, v.value]);
    expect(values).toEqual([['schedules', 3]]);
  });
});
