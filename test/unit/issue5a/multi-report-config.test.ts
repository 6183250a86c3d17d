/** multi_report_alerts settings: CHT's init checks as JSON-path problems, and the normalised alerts. */
import { multiReportAlertsOf, normaliseAlert, parseIntLike, validateMultiReportAlerts } from '../../../lib/alerts/multi-report-config';
import { multiReportAlerts } from '../../../transitions/multi-report-alerts';
import { resolveTransitions } from '../../../lib/config/enabled';
import { schemaProblems } from '../../../lib/config/validator';

const alert = (extra: object = {}) => ({
  name: 'cholera',
  is_report_counted: 'function(report, latestReport) { return true; }',
  num_reports_threshold: 3,
  time_window_in_days: 7,
  message: '{{num_counted_reports}} cases',
  recipients: ['+254700000000'],
  ...extra,
});
const paths = (settings: object) => validateMultiReportAlerts(settings).map((p) => `${p.severity}:${p.path}`);

describe('validateMultiReportAlerts', () => {
  it('accepts a complete alert, numbers given as strings too', () => {
    expect(validateMultiReportAlerts({ multi_report_alerts: [alert(), alert({ name: 'b', num_reports_threshold: '100', time_window_in_days: '3' })] })).toEqual([]);
  });

  it('requires every CHT key to be truthy, each reported at its own path', () => {
    const { name, message, ...rest } = alert();
    expect(paths({ multi_report_alerts: [rest] })).toEqual(['error:$.multi_report_alerts[0].name', 'error:$.multi_report_alerts[0].message']);
    expect(paths({ multi_report_alerts: [alert({ time_window_in_days: 0 })] })).toEqual(['error:$.multi_report_alerts[0].time_window_in_days']);
    // CHT reads `message` only: a translation_key alone fails its init
    expect(paths({ multi_report_alerts: [alert({ message: undefined, translation_key: 'k' })] })).toEqual(['error:$.multi_report_alerts[0].message']);
    void name;
    void message;
  });

  it('checks numbers, the threshold limit, recipients, forms, names and the counting function', () => {
    expect(paths({ multi_report_alerts: [alert({ num_reports_threshold: 'many' })] })).toEqual(['error:$.multi_report_alerts[0].num_reports_threshold']);
    expect(paths({ multi_report_alerts: [alert({ num_reports_threshold: 101 })] })).toEqual(['error:$.multi_report_alerts[0].num_reports_threshold']);
    expect(paths({ multi_report_alerts: [alert({ recipients: '+254700000000' })] })).toEqual(['error:$.multi_report_alerts[0].recipients']);
    expect(paths({ multi_report_alerts: [alert({ forms: 'C' })] })).toEqual(['warning:$.multi_report_alerts[0].forms']);
    expect(paths({ multi_report_alerts: [alert(), alert()] })).toEqual(['error:$.multi_report_alerts[1].name']);
    expect(paths({ multi_report_alerts: [alert({ is_report_counted: 'function( {' })] })).toEqual(['error:$.multi_report_alerts[0].is_report_counted']);
    expect(paths({ multi_report_alerts: [alert({ is_report_counted: 'true' })] })).toEqual(['error:$.multi_report_alerts[0].is_report_counted']);
  });

  it('lets the schema accept what CHT accepts: an empty recipients list, empty entries', () => {
    const at = (settings: object) => schemaProblems(settings).map((p) => p.path).filter((p) => p.startsWith('$.multi_report_alerts'));
    expect(at({ multi_report_alerts: [alert({ recipients: [] }), alert({ name: 'b', recipients: ['', '+1'] })] })).toEqual([]);
    expect(at({ multi_report_alerts: [alert({ recipients: [7] })] })).toEqual(['$.multi_report_alerts[0].recipients[0]']);
  });

  it('needs an array of alerts', () => {
    expect(paths({})).toEqual(['error:$.multi_report_alerts']);
    expect(paths({ multi_report_alerts: { a: alert() } })).toEqual(['error:$.multi_report_alerts']);
    expect(paths({ multi_report_alerts: ['x'] })).toEqual(['error:$.multi_report_alerts[0]']);
  });

  it('disables only multi_report_alerts when an alert is broken', () => {
    const settings = {
      transitions: { multi_report_alerts: true, conditional_alerts: true },
      multi_report_alerts: [alert(), alert()],
      alerts: [],
    };
    const res = resolveTransitions(settings, [multiReportAlerts, { name: 'conditional_alerts', sections: ['alerts'], filter: () => false, onMatch: async () => ({ changed: false }) }]);
    expect(res.enabled.map((t) => t.name)).toEqual(['conditional_alerts']);
    expect(res.disabled.map((d) => d.name)).toEqual(['multi_report_alerts']);
    expect(res.disabled[0].problems.map((p) => p.path)).toContain('$.multi_report_alerts[1].name');
  });
});

describe('normalised alerts', () => {
  it('parseInts numbers as CHT does and drops a non-array forms', () => {
    expect(parseIntLike('3 days')).toBe(3);
    expect(parseIntLike(2.7)).toBe(2);
    expect(parseIntLike(true)).toBeNaN();
    const a = normaliseAlert(alert({ num_reports_threshold: '4', time_window_in_days: '2', forms: 'C' }));
    expect(a).toMatchObject({ name: 'cholera', threshold: 4, windowDays: 2, forms: undefined, recipients: ['+254700000000'] });
    expect(multiReportAlertsOf({ multi_report_alerts: [alert({ forms: ['C'] }), null] }).map((x) => x.forms)).toEqual([['C']]);
    expect(multiReportAlertsOf({})).toEqual([]);
  });
});
