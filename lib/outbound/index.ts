/** Outbound pushes: config, payloads and their hash, the cron window, sending, the outbox and its retries. */
export { outboundConfigs, hasOutboundConfig, destinationUrl, type OutboundConfig, type OutboundAuth, type MappingSpec, type RetrySettings } from './config';
export { OutboundError, type OutboundErrorKind } from './errors';
export { buildPayload, getPath, setPath } from './payload';
export { payloadHash, canonicalPayload } from './hash';
export { parseCron, cronMatches, isCronDue, CRON_WINDOW_MS, type CronSpec } from './cron';
export { sendPayload, authParts, pushUrl, basicAuth, PUSH_TIMEOUT_MS, type SendOptions, type AuthParts } from './send';
export { lastCompletedHash, completedTask, type CompletedTask } from './completed';
export { OUTBOX_PREFIX, outboxTaskId, withQueued, withOutcomes, enqueue, commitOutcomes, outboxPage, type OutboxTask, type KeyOutcome } from './outbox';
export { afterFailure, retryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy, type FailureDecision } from './retry';
export {
  recordOutboundDeadLetter,
  requeueOutboundDeadLetter,
  outboundDeadLetterId,
  isOutboundDeadLetter,
  OUTBOUND_DEAD_LETTER_PREFIX,
  type OutboundDeadLetter,
} from './dead-letter';
export { notifyOutbound, onOutbound, outboxTarget } from './notifier';
export { OutboundTrigger } from './trigger';
