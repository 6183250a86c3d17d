import { dueTasksExpireAfter, jobDisabled, jobIntervalMs, parseJobDuration } from '../../../schedules/job-settings';

describe('job settings (vigil.jobs.*, vigil.due_tasks.*)', () => {
  it('parses "<n> <unit>" durations, singular or plural', () => {
    expect(parseJobDuration('1 minute')).toEqual({ amount: 1, unit: 'minute' });
    expect(parseJobDuration('30 days')).toEqual({ amount: 30, unit: 'day' });
    expect(parseJobDuration(' 1.5 hours ')).toEqual({ amount: 1.5, unit: 'hour' });
    for (const bad of ['0 days', '-1 day', 'minute', '5', '5 fortnights', 5, undefined]) expect(parseJobDuration(bad)).toBeUndefined();
  });

  it('reads a job interval from settings, else the default; never below 1 s', () => {
    expect(jobIntervalMs({}, 'due_tasks', 60_000)).toBe(60_000);
    expect(jobIntervalMs({ vigil: { jobs: { due_tasks: { every: '5 minutes' } } } }, 'due_tasks', 60_000)).toBe(300_000);
    expect(jobIntervalMs({ vigil: { jobs: { due_tasks: { every: 15_000 } } } }, 'due_tasks', 60_000)).toBe(15_000);
    expect(jobIntervalMs({ vigil: { jobs: { due_tasks: { every: 'often' } } } }, 'due_tasks', 60_000)).toBe(60_000);
    expect(jobIntervalMs({ vigil: { jobs: { due_tasks: { every: 10 } } } }, 'due_tasks', 60_000)).toBe(1_000);
    expect(jobIntervalMs({ vigil: { jobs: { outbound: { every: '1 hour' } } } }, 'due_tasks', 60_000)).toBe(60_000);
  });

  it('disables a job only with disable: true', () => {
    expect(jobDisabled({ vigil: { jobs: { due_tasks: { disable: true } } } }, 'due_tasks')).toBe(true);
    expect(jobDisabled({ vigil: { jobs: { due_tasks: { disable: 'yes' } } } }, 'due_tasks')).toBe(false);
    expect(jobDisabled(undefined, 'due_tasks')).toBe(false);
  });

  it('reads the due_tasks expiry', () => {
    expect(dueTasksExpireAfter({})).toBeUndefined();
    expect(dueTasksExpireAfter({ vigil: { due_tasks: { expire_after: '30 days' } } })).toEqual({ text: '30 days', duration: { amount: 30, unit: 'day' } });
    expect(dueTasksExpireAfter({ vigil: { due_tasks: { expire_after: 'never' } } })).toBeUndefined();
  });
});
