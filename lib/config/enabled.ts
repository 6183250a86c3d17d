/**
 * Which transitions run. CHT disables every transition when one setting is wrong (spec 2.2); vigil disables
 * only the transitions that read the broken part:
 *
 * - enabled iff `settings.transitions[name]` is truthy and not `{ disable: true }` (CHT's rule);
 * - an enabled transition with an error in one of its `sections`, in its own `$.transitions.<name>` entry,
 *   or from its own `validate`, is disabled alone (warnings never disable anything);
 * - unknown names in `transitions` are reported but disable nothing;
 * - a known name this build does not implement is reported as disabled, "not implemented in this version".
 *
 * Problems in the `transitions` section are attributed by name (`$.transitions.<name>…`), never by
 * section, so an unknown name cannot disable a transition that lists `transitions` among its sections.
 */
import { TRANSITION_ORDER, type ConfigProblem, type Settings, type Transition } from '../types';
import { analyseSettings, isError } from './check';
import { appendSegment, isWithin } from './paths';
import { isEnabledIn } from './semantic';

export interface DisabledTransition {
  name: string;
  problems: ConfigProblem[];
}

export interface TransitionResolution {
  /** enabled and healthy, in TRANSITION_ORDER */
  enabled: Transition[];
  /** enabled in settings but not run: broken configuration, or not implemented */
  disabled: DisabledTransition[];
  /** names in `settings.transitions` that no version of the engine knows */
  unknown: string[];
  /** every problem found (as checkSettings with the registry, plus "not implemented" notes) */
  problems: ConfigProblem[];
}

export const NOT_IMPLEMENTED = 'not implemented in this version';

export function resolveTransitions(settings: Settings, registry: readonly Transition[]): TransitionResolution {
  const analysis = analyseSettings(settings, registry);
  const problems = [...analysis.problems];
  const enabled: Transition[] = [];
  const disabled: DisabledTransition[] = [];

  const transitions = settings !== null && typeof settings === 'object' ? settings.transitions : undefined;
  const known: readonly string[] = TRANSITION_ORDER;
  const unknown =
    transitions !== null && typeof transitions === 'object' && !Array.isArray(transitions)
      ? Object.keys(transitions).filter((name) => !known.includes(name))
      : [];

  for (const name of TRANSITION_ORDER) {
    if (!isEnabledIn(settings, name)) continue;
    const ownPath = appendSegment('$.transitions', name);
    const transition = registry.find((t) => t.name === name);
    if (!transition) {
      const problem: ConfigProblem = { path: ownPath, message: NOT_IMPLEMENTED, section: 'transitions', severity: 'warning' };
      problems.push(problem);
      disabled.push({ name, problems: [problem] });
      continue;
    }
    const sections = new Set(transition.sections.filter((s) => s !== 'transitions'));
    const blocking: ConfigProblem[] = [];
    const add = (p: ConfigProblem) => {
      if (!blocking.some((b) => b.path === p.path && b.message === p.message)) blocking.push(p);
    };
    for (const p of analysis.problems) {
      if (!isError(p)) continue;
      if (isWithin(p.path, ownPath) || (p.section !== undefined && p.section !== 'transitions' && sections.has(p.section))) add(p);
    }
    for (const p of analysis.byTransition.get(name) ?? []) if (isError(p)) add(p);

    if (blocking.length > 0) disabled.push({ name, problems: blocking });
    else enabled.push(transition);
  }

  return { enabled, disabled, unknown, problems };
}
