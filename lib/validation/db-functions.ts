/**
 * The DB-backed pupil functions (spec 2.7): `exists`, `unique`, `uniqueWithin` over the reports'
 * free-text index, and `uniquePhone` over contacts by phone.
 *
 * A lookup failure inside exists/unique/uniqueWithin is logged and the function yields `undefined`, so
 * the rule fails (as in CHT); a uniquePhone failure propagates and aborts the whole list (as in CHT).
 * uniqueWithin measures its window from the engine clock (CHT: the wall clock; same thing unless
 * synthetic_date or a test clock is in use).
 */
import type { Clock, Doc, Lookups } from '../types';
import type { RuleArg } from './parser';
import type { RuleFunction, Values } from './evaluate';
import { parseDuration } from './dates';

export interface DbLogger {
  error(message: string, meta?: Record<string, unknown>): void;
}

export interface DbFunctionEnv {
  lookups: Lookups;
  clock: Clock;
  logger: DbLogger;
}

/** A free-text term: `field:value`, the value lower-cased when it is a string (field names as given, like CHT). */
const term = (field: RuleArg, value: unknown): string => `${field}:${typeof value === 'string' ? value.toLowerCase() : String(value)}`;

const isClean = (doc: Doc | undefined): doc is Doc => !!doc && (!doc.errors || doc.errors.length === 0);

/**
 * Whether another error-free report carries the same values for all `fields` (and, with `form`, that
 * form; with `since`, a reported_date at or after it). The doc itself (`values._id`) never counts.
 */
async function anotherReport(
  lookups: Lookups,
  values: Values,
  fields: RuleArg[],
  opts: { form?: RuleArg; since?: number } = {},
): Promise<boolean> {
  if (!fields.length) throw new Error('No arguments provided to "exists" validation function');
  const terms = fields.map((field) => term(field, values[field as string]));
  if ('form' in opts) terms.push(`form:${opts.form}`.toLowerCase());
  const ids = (await lookups.reportIdsByTerms(terms)).filter((id) => id !== values._id);
  if (!ids.length) return false;
  const docs = await lookups.getDocs(ids);
  return docs.some((doc) => isClean(doc) && (opts.since === undefined || doc.reported_date >= opts.since));
}

export function dbFunctions(env: DbFunctionEnv): Record<string, RuleFunction> {
  const { lookups, clock, logger } = env;
  /** runs a lookup; on failure logs and yields undefined, which fails the rule */
  const guarded = async (name: string, run: () => Promise<boolean>): Promise<boolean | undefined> => {
    try {
      return await run();
    } catch (err) {
      logger.error(`Error running "${name}" validation`, { error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };

  return {
    exists: (values, _value, [form, field]) => guarded('exists', () => anotherReport(lookups, values, [field], { form })),

    unique: (values, _value, fields) => guarded('unique', async () => !(await anotherReport(lookups, values, fields))),

    uniquewithin: (values, _value, args) =>
      guarded('uniqueWithin', async () => {
        const fields = args.slice(0, -1);
        const duration = args[args.length - 1];
        // CHT checks the arguments before the duration
        if (!fields.length) return !(await anotherReport(lookups, values, fields));
        const amount = parseDuration(duration);
        // an invalid duration gives CHT a NaN start date, i.e. no date filter at all
        const since = amount ? clock.now().minus(amount).toMillis() : undefined;
        return !(await anotherReport(lookups, values, fields, { since: since || undefined }));
      }),

    uniquephone: async (values, _value, [field]) => {
      const phone = values[field as string];
      // CHT queries the view without a key then, i.e. every contact with a phone: never unique
      if (phone === undefined || phone === null) return false;
      return (await lookups.contactsByPhone(String(phone))).length === 0;
    },
  };
}
