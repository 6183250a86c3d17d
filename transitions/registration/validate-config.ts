/**
 * The registration transition's own configuration checks: what CHT's `init()` refuses (spec 3.3, "Config
 * validation at init"). CHT then disables every transition; vigil reports each problem with its JSON path
 * and disables only `registration` (design.md §1 fix 3).
 */
import { parseTriggerParams } from '../../lib/config/semantic';
import { toJsonPath, type PathSegment } from '../../lib/config/paths';
import { getTypeById, isPersonType, isPlaceType } from '../../lib/runner/contact-types';
import type { ConfigProblem, Settings } from '../../lib/types';
import { paramObject } from './params';

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

function problem(segments: PathSegment[], message: string): ConfigProblem {
  const path = toJsonPath(segments);
  return { path, message, section: String(segments[0]), severity: 'error' };
}

function contactTypeProblem(settings: Settings, at: PathSegment[], typeId: string, want: 'person' | 'place', trigger: string): ConfigProblem | undefined {
  const type = getTypeById(settings, typeId);
  if (!type) return problem(at, `${trigger}: unknown contact type "${typeId}" (not in contact_types)`);
  const ok = want === 'person' ? isPersonType(type) : isPlaceType(type);
  return ok ? undefined : problem(at, `${trigger}: contact type "${typeId}" is not a ${want} type`);
}

function checkEvent(settings: Settings, base: PathSegment[], event: Record<string, any>): ConfigProblem[] {
  const at = (...rest: PathSegment[]) => [...base, ...rest];
  const trigger = event.trigger;
  const parsed = parseTriggerParams(event.params);
  if (!parsed.ok) return [problem(at('params'), `params ${parsed.error}`)];
  const params = parsed.value;
  const out: Array<ConfigProblem | undefined> = [];
  switch (trigger) {
    case 'add_patient':
    case 'add_patient_id': {
      const p = paramObject(params);
      if (p.patient_id_field === 'patient_id') {
        out.push(problem(at('params', 'patient_id_field'), 'must not be "patient_id": that is where the new id is written'));
      }
      const explicit = typeof p.contact_type === 'string' && p.contact_type !== '';
      out.push(contactTypeProblem(settings, explicit ? at('params', 'contact_type') : at('params'), explicit ? p.contact_type : 'person', 'person', trigger));
      break;
    }
    case 'add_place': {
      const p = paramObject(params);
      if (typeof p.contact_type !== 'string' || p.contact_type === '') {
        out.push(problem(at('params'), 'add_place needs params with a contact_type, e.g. {"contact_type": "clinic"}'));
      } else {
        out.push(contactTypeProblem(settings, at('params', 'contact_type'), p.contact_type, 'place', trigger));
      }
      break;
    }
    case 'assign_schedule':
    case 'clear_schedule':
      if (!event.params || !Array.isArray(params)) {
        out.push(problem(at('params'), `${trigger} needs the schedule names, e.g. "ANC Reminders" or ["ANC Reminders", "PNC"]`));
      }
      break;
    default:
      break;
  }
  return out.filter((p): p is ConfigProblem => !!p);
}

export function validateRegistrationConfig(settings: Settings): ConfigProblem[] {
  const list = settings.registrations;
  if (!Array.isArray(list)) return [problem(['registrations'], 'the registration transition is on, but there are no registrations')];
  const out: ConfigProblem[] = [];
  list.forEach((reg, i) => {
    if (!isObject(reg) || !Array.isArray(reg.events)) return;
    reg.events.forEach((event: unknown, j: number) => {
      if (isObject(event)) out.push(...checkEvent(settings, ['registrations', i, 'events', j], event));
    });
  });
  return out;
}
