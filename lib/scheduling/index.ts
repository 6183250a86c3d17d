/** Schedules (spec 4): durations, due dates in an IANA zone, and assigning a schedule to a report. */
export { parseDuration, addDuration, subtractDuration, durationUnit, isEffective } from './duration';
export type { DurationUnit, ParsedDuration } from './duration';
export { parseSendTime, parseUtcOffset, applySendTime } from './send-time';
export type { SendTime } from './send-time';
export { parseSendDay, applySendDay } from './send-day';
export { computeDue, dueIso } from './due-date';
export type { DueConfig } from './due-date';
export { getPath, startPaths, startValue, parseStart, DEFAULT_START_FROM } from './start-date';
export { lineage, subjectOf, isMutedInLineage, isSubjectMuted, lineageZone, scheduleZone } from './subject';
export { findSchedule } from './config';
export type { ScheduleConfig, ScheduleMessageConfig } from './config';
export { assignSchedule, applySchedule } from './assign-schedule';
export type {
  ScheduleEnv,
  ScheduleLogger,
  ScheduleOutcome,
  ScheduleAbort,
  MessageSkip,
  SkippedMessage,
} from './assign-schedule';
