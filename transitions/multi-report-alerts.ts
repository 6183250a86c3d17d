/**
 * multi_report_alerts: alert when enough reports counted by `is_report_counted` arrived within a time
 * window (spec 3.11). Every task goes on the latest report, one per distinct phone of the newly counted
 * reports, tagged `type: "alert"`, `alert_name` and `counted_reports` so a later alert of the same name
 * does not announce the same reports again.
 *
 * vigil differences: older reports come from ONE range read (CHT paged with `skip`), fetched and hydrated
 * once for all alerts; a failing alert no longer aborts with a TypeError (CHT's unbound collector):
 * failures are collected and thrown with `changed: true`, so the other alerts' tasks are saved.
 */
import type { Doc, Transition, TransitionContext } from '../lib/types';
import type { VigilMessaging } from '../lib/messages';
import { hasRun } from '../lib/runner/infodoc';
import { multiReportAlertsOf, validateMultiReportAlerts, type MultiReportAlert } from '../lib/alerts/multi-report-config';
import { alreadyAlerted, countingWindow, formMatches, inWindow, reportCounter, type ReportCounter } from '../lib/alerts/counting';
import { phonesFor } from '../lib/alerts/phones';
import { isValidSubmission } from './shared/submission';

const NAME = 'multi_report_alerts';

interface Candidate {
  alert: MultiReportAlert;
  counts: ReportCounter;
}

/**
 * Older reports for every candidate alert at once: the widest window, the union of their forms,
 * hydrated, valid submissions only. Each alert then narrows to its own window and forms.
 */
async function olderReports(ctx: TransitionContext, candidates: Candidate[]): Promise<Doc[]> {
  const windows = candidates.map((c) => countingWindow(ctx.doc.reported_date, c.alert.windowDays)).filter((w) => w !== undefined);
  if (!windows.length) return [];
  const startMs = Math.min(...windows.map((w) => w.startMs));
  const endMs = Math.max(...windows.map((w) => w.endMs));
  const anyForm = candidates.some((c) => !c.alert.forms?.length);
  const forms = new Set(candidates.flatMap((c) => c.alert.forms ?? []));
  const stored = (await ctx.lookups.reportsBetween(startMs, endMs)).filter((r) => r._id !== ctx.doc._id && (anyForm || forms.has(r.form)));
  if (!stored.length) return [];
  const hydrated = await ctx.lookups.hydrateDocs(stored);
  return hydrated.filter((r) => isValidSubmission(ctx.settings, r));
}

/** Runs one alert over the fetched reports; true when its threshold was reached (the doc must be saved). */
function runAlert(ctx: TransitionContext, { alert, counts }: Candidate, older: Doc[]): boolean {
  const latest = ctx.doc;
  const window = countingWindow(latest.reported_date, alert.windowDays);
  const countedOlder = window ? older.filter((r) => inWindow(r, window) && formMatches(alert.forms, r.form) && counts(r, latest)) : [];
  const counted = [latest, ...countedOlder];
  if (counted.length < alert.threshold) return false;

  const old = alreadyAlerted(countedOlder, alert.name);
  const newReports = counted.filter((r) => !old.has(r._id));
  const countedIds = counted.map((r) => r._id);
  const messaging = ctx.messaging as VigilMessaging;
  const templateContext = {
    new_reports: newReports,
    num_counted_reports: countedIds.length,
    alert_name: alert.name,
    num_reports_threshold: alert.threshold,
    time_window_in_days: alert.windowDays,
  };
  for (const phone of phonesFor(alert.recipients, newReports, (src, scope) => ctx.expressions.evaluate(src, scope))) {
    if (typeof phone !== 'string') {
      messaging.addError(latest, phone.error);
      continue;
    }
    const task = messaging.addMessage(latest, alert.config, phone, { templateContext });
    if (task) {
      task.type = 'alert';
      task.alert_name = alert.name;
      task.counted_reports = countedIds;
    }
  }
  return true; // CHT saves the report once the threshold is reached, even when no message could be made
}

export const multiReportAlerts: Transition = {
  name: NAME,
  asynchronousOnly: true,
  sections: ['multi_report_alerts', 'forms'],
  validate: validateMultiReportAlerts,
  filter: ({ doc, info, settings }) => doc.type === 'data_record' && !!doc.form && !hasRun(info, NAME) && isValidSubmission(settings, doc),
  async onMatch(ctx) {
    const { doc } = ctx;
    const failures: string[] = [];
    const candidates: Candidate[] = [];
    for (const alert of multiReportAlertsOf(ctx.settings)) {
      if (!formMatches(alert.forms, doc.form)) continue;
      try {
        const counts = reportCounter(ctx.expressions, alert.isReportCounted);
        if (counts(doc, doc)) candidates.push({ alert, counts });
      } catch (err) {
        failures.push(`alert "${alert.name}": ${(err as Error)?.message ?? String(err)}`);
      }
    }

    // A failed read is not an alert's fault: it rejects unchanged, so the next revision tries again.
    const older = candidates.length ? await olderReports(ctx, candidates) : [];

    let changed = false;
    for (const candidate of candidates) {
      try {
        changed = runAlert(ctx, candidate, older) || changed;
      } catch (err) {
        failures.push(`alert "${candidate.alert.name}": ${(err as Error)?.message ?? String(err)}`);
      }
    }
    if (failures.length) {
      // vigil fix: CHT meant exactly this, but its collector was an unbound Array#push (a TypeError)
      throw Object.assign(new Error(`${NAME} threw errors: ${failures.join('; ')}`), { changed: true, errors: failures });
    }
    return { changed };
  },
};
