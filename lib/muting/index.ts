/** Muting (spec 3.15): contact state, lineage rules, histories, task states, and the planners. */
export { mutingConfig, isFormCodeSame, isMuteForm, isUnmuteForm, messageFor } from './config';
export type { MutingConfig } from './config';
export { applyMuteState, isHistoryUpToDate, isLastUpdatedByClient, SERVER_SIDE, CLIENT_SIDE } from './contact';
export type { ClientMutingEvent } from './contact';
export {
  mutedAncestorId,
  topmostMutedId,
  isMutedInLineage,
  isSubjectMuted,
  initialReplicationMs,
  isNewContactWithMutedParent,
  overlayMuted,
} from './lineage';
export { appendMutingHistory, lastReportId, clientEventsAfter, replayQueue } from './history';
export type { InfodocMutingEntry } from './history';
export { dueMs, canMute, canUnmute, muteTasks, unmuteTasks, hasMutableTasks, startOfToday } from './tasks';
export { OPS } from './ops';
export { cascadeRoot, contactEffects, registrationEffects, planCascade } from './cascade';
export type { CascadeEnv, CascadePlan, MuteEvent } from './cascade';
export { processMutingReport, wasProcessedClientSide } from './report';
export type { ReportEnv, ReportRun, ReportOutcome } from './report';
export { replayEvents } from './replay';
export type { ReplayEnv, ReplayRun } from './replay';
export { processMutingContact } from './new-contact';
export type { ContactEnv, ContactRun } from './new-contact';
export { mutingReportIdOf, latestMuteReport, hasInfodocReader } from './report-id';
export type { InfodocReader } from './report-id';
