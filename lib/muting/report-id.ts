/**
 * Which report muted a contact. CHT reads the last entry of the contact's infodoc `muting_history`; when
 * the engine offers no infodoc reader to transitions, vigil falls back to the reports: the latest mute
 * report (by reported_date) about the contact or one of its ancestors — a mute of any of them cascades.
 */
import type { Doc, InfoDoc, Lookups, Settings } from '../types';
import { isMuteForm, mutingConfig } from './config';
import { lastReportId } from './history';

/** An optional capability of the lookups: infodocs from the sentinel db. */
export interface InfodocReader {
  getInfodocs(docIds: string[]): Promise<Array<InfoDoc | undefined>>;
}

export function hasInfodocReader(lookups: unknown): lookups is InfodocReader {
  return !!lookups && typeof (lookups as Partial<InfodocReader>).getInfodocs === 'function';
}

/** The subject ids of a hydrated contact and of every ancestor in its lineage. */
function lineageSubjectIds(contact: Doc, subjectIdsOf: (doc: Doc) => string[]): string[] {
  const ids: string[] = [];
  for (let node: Doc | undefined = contact, depth = 0; node && depth < 100; node = node.parent, depth++) {
    if (node._id) ids.push(...subjectIdsOf(node));
  }
  return [...new Set(ids)];
}

/** The latest valid mute report about the contact or its ancestors (pure, over candidate reports). */
export function latestMuteReport(settings: Settings, reports: Doc[]): Doc | undefined {
  const config = mutingConfig(settings);
  let best: Doc | undefined;
  for (const report of reports) {
    if (report.type !== 'data_record' || !isMuteForm(config, report.form)) continue;
    if (Array.isArray(report.errors) && report.errors.length) continue;
    if (!best || (Number(report.reported_date) || 0) >= (Number(best.reported_date) || 0)) best = report;
  }
  return best;
}

export async function mutingReportIdOf(
  lookups: Lookups,
  settings: Settings,
  contact: Doc,
  subjectIdsOf: (doc: Doc) => string[],
): Promise<string | undefined> {
  if (hasInfodocReader(lookups)) {
    const [info] = await lookups.getInfodocs([contact._id]);
    return lastReportId(info?.muting_history);
  }
  const reports = await lookups.reportsBySubject(lineageSubjectIds(contact, subjectIdsOf));
  return latestMuteReport(settings, reports)?._id;
}
