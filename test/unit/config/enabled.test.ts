import { resolveTransitions, NOT_IMPLEMENTED } from '../../../lib/config/enabled';
import type { ConfigProblem, Settings, Transition, TransitionName } from '../../../lib/types';
import { validSettings } from './fixtures';

function fake(name: TransitionName, sections: string[], validate?: (s: Settings) => ConfigProblem[]): Transition {
  return {
    name,
    sections,
    validate,
    filter: () => false,
    onMatch: async () => ({ changed: false }),
  };
}

const registry: Transition[] = [
  fake('update_clinics', ['update_clinics', 'forms', 'contact_types']),
  fake('registration', ['registrations', 'schedules', 'forms', 'contact_types']),
  fake('accept_patient_reports', ['patient_reports', 'registrations', 'schedules', 'forms']),
  fake('default_responses', ['default_responses', 'forms_only_mode']),
  fake('muting', ['muting', 'contact_types']),
  fake('mark_for_outbound', ['outbound', 'transitions']),
];

const names = (ts: Array<{ name: string }>) => ts.map((t) => t.name);

describe('resolveTransitions', () => {
  it('enables truthy entries that are not {disable: true}, in library order', () => {
    const settings = validSettings();
    settings.transitions = {
      accept_patient_reports: { disable: false },
      registration: {},
      update_clinics: true,
      default_responses: false,
      muting: { disable: true },
      mark_for_outbound: null,
    };
    const result = resolveTransitions(settings, registry);
    expect(names(result.enabled)).toEqual(['update_clinics', 'registration', 'accept_patient_reports']);
    expect(result.disabled).toEqual([]);
    expect(result.unknown).toEqual([]);
  });

  it('a broken registrations section disables only the transitions that read it', () => {
    const settings = validSettings();
    settings.transitions = { update_clinics: true, registration: true, accept_patient_reports: true, muting: true };
    settings.muting = { mute_forms: ['MUTE'] };
    settings.registrations[0].events[0].trigger = 'add_pateint';
    const result = resolveTransitions(settings, registry);
    expect(names(result.enabled)).toEqual(['update_clinics', 'muting']);
    expect(names(result.disabled)).toEqual(['registration', 'accept_patient_reports']);
    expect(result.disabled[0].problems).toEqual([expect.objectContaining({ path: '$.registrations[0].events[0].trigger' })]);
    expect(result.problems.map((p) => p.path)).toEqual(['$.registrations[0].events[0].trigger']);
  });

  it('an unknown name is reported but disables nothing (not even a transition that reads `transitions`)', () => {
    const settings = validSettings();
    settings.transitions = { update_clinics: true, mark_for_outbound: true, registraton: true };
    const result = resolveTransitions(settings, registry);
    expect(names(result.enabled)).toEqual(['update_clinics', 'mark_for_outbound']);
    expect(result.unknown).toEqual(['registraton']);
    expect(result.problems).toEqual([expect.objectContaining({ path: '$.transitions.registraton', severity: 'error' })]);
  });

  it('a bad value in a transition entry disables that transition only', () => {
    const settings = validSettings();
    settings.transitions = { update_clinics: 'false', registration: { disable: 'yes' }, accept_patient_reports: true };
    const result = resolveTransitions(settings, registry);
    expect(names(result.enabled)).toEqual(['accept_patient_reports']);
    expect(names(result.disabled)).toEqual(['update_clinics', 'registration']);
  });

  it('a transition whose own validate reports an error is disabled alone; warnings disable nothing', () => {
    const settings = validSettings();
    settings.transitions = { update_clinics: true, registration: true, default_responses: true };
    settings.default_responses = { start_date: '' }; // only a warning
    const strict = fake('registration', ['registrations'], () => [
      { path: '$.registrations[0].events[0].params', message: 'contact type "person" is unknown' },
      { path: '$.registrations', message: 'just so you know', severity: 'warning' },
    ]);
    const result = resolveTransitions(settings, [registry[0], strict, registry[3]]);
    expect(names(result.enabled)).toEqual(['update_clinics', 'default_responses']);
    expect(result.disabled).toEqual([
      { name: 'registration', problems: [expect.objectContaining({ message: 'contact type "person" is unknown', severity: 'error' })] },
    ]);
    expect(result.problems.map((p) => [p.path, p.severity])).toEqual([
      ['$.default_responses.start_date', 'warning'],
      ['$.registrations', 'warning'],
      ['$.registrations[0].events[0].params', 'error'],
    ]);
  });

  it('reports an enabled transition this build does not implement as disabled', () => {
    const settings = validSettings();
    settings.transitions = { update_clinics: true, death_reporting: true };
    const result = resolveTransitions(settings, registry);
    expect(names(result.enabled)).toEqual(['update_clinics']);
    expect(result.disabled).toEqual([
      { name: 'death_reporting', problems: [expect.objectContaining({ path: '$.transitions.death_reporting', message: NOT_IMPLEMENTED })] },
    ]);
    expect(result.problems.map((p) => p.message)).toContain(NOT_IMPLEMENTED);
  });

  it('enables nothing when `transitions` is missing or not an object', () => {
    expect(resolveTransitions({}, registry).enabled).toEqual([]);
    const result = resolveTransitions({ transitions: ['registration'] }, registry);
    expect(result.enabled).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ path: '$.transitions' })]);
  });
});
