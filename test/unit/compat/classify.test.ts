import { classify, enabledTransitions } from '../../compat/classify';
import type { Scenario } from '../../compat/scenario';

const scenario = (over: Partial<Scenario>): Scenario => ({ id: 'T-1', title: 't', settings: {}, fixtures: [], input: [], expect: [], ...over });
const caps = { transitions: ['update_clinics', 'self_report', 'mark_for_outbound'], jobs: ['due_tasks'] };

describe('compat classify', () => {
  it('doc_only scenarios are skipped', () => {
    expect(classify(scenario({ doc_only: true }), caps).kind).toBe('skip-doc-only');
  });

  it('plays a scenario whose transitions and jobs are implemented', () => {
    const s = scenario({ settings: { transitions: { update_clinics: true, self_report: {} } }, steps: [{ run_scheduler: 'due_tasks' }] });
    expect(classify(s, caps)).toEqual({ kind: 'play' });
  });

  it('is not-yet when an enabled transition is missing', () => {
    const c = classify(scenario({ settings: { transitions: { update_clinics: true, registration: true } } }), caps);
    expect(c.kind).toBe('not-yet');
    expect(c.kind === 'not-yet' && c.reason).toMatch(/registration/);
  });

  it('ignores disabled transitions and unknown names', () => {
    const s = scenario({ settings: { transitions: { registration: false, muting: { disable: true }, not_a_transition: true } } });
    expect(enabledTransitions(s)).toEqual([]);
    expect(classify(s, caps).kind).toBe('play');
  });

  it('counts transitions enabled by an update_settings step', () => {
    const s = scenario({ steps: [{ update_settings: { transitions: { muting: true } } }] });
    expect(enabledTransitions(s)).toEqual(['muting']);
    expect(classify(s, caps).kind).toBe('not-yet');
  });

  it('is not-yet when a scheduler job is missing', () => {
    const c = classify(scenario({ steps: [{ run_scheduler: 'reminders' }] }), caps);
    expect(c.kind === 'not-yet' && c.reason).toMatch(/job reminders/);
  });

  it('needs mark_for_outbound for http_mock / outbound_expect', () => {
    const noOutbound = { transitions: ['update_clinics'], jobs: [] };
    expect(classify(scenario({ outbound_expect: [] }), noOutbound).kind).toBe('not-yet');
    expect(classify(scenario({ http_mock: 'all connections refused' }), noOutbound).kind).toBe('not-yet');
    expect(classify(scenario({ steps: [{ http_mock: { base_url: 'http://x' } }] }), noOutbound).kind).toBe('not-yet');
    expect(classify(scenario({ outbound_expect: [] }), caps).kind).toBe('play');
  });
});
