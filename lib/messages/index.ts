/** The message layer: templating, locales/translations, recipients, deny lists, loop guard, states. */
export { createMessaging } from './messaging';
export type { DenyTarget, MessagingLogger, MessagingOptions, VigilMessaging } from './messaging';
export { generate, renderContent, MESSAGE_ERRORS } from './generate';
export type { Generated, MessageEnv } from './generate';
export { addError, addMessageError, DEFAULT_ERROR_CODE, PARSE_ERROR_CODE } from './errors';
export type { DocError } from './errors';
export { getMessage, addMessageContent, contentTranslationKey } from './content';
export type { MessageContent } from './content';
export { buildTemplateContext, flattenForTemplate, defaults } from './context';
export type { TemplateContext } from './context';
export { renderTemplate, localPhone } from './template';
export type { RenderEnv } from './template';
export { formatMoment, compileMomentFormat, momentToLuxonFormat, intlLocale, MOMENT_DEFAULT_FORMAT } from './date-format';
export { formatDateText, parseDateValue, parseDateText } from './dates';
export { translate, buildTranslations } from './translations';
export type { TranslationDoc } from './translations';
export { getLocale, DEFAULT_LOCALE } from './locale';
export {
  resolveRecipient,
  resolveItem,
  rewritePhone,
  getPhone,
  recipientItems,
  senderOf,
  defaultToSender,
} from './recipients';
export type { RecipientResolution, RecipientVia, RecipientRule } from './recipients';
export { isOutgoingAllowed, denyReason, isGatewayNumber } from './deny';
export type { DenyReason } from './deny';
export { isValidInternationalPhone, samePhone } from './phone';
export {
  DuplicateGuard,
  duplicateKey,
  duplicateLimit,
  DUPLICATE_WINDOW_MS,
  DEFAULT_DUPLICATE_LIMIT,
  MAX_DUPLICATE_LIMIT,
} from './duplicates';
export type { DuplicateGuardOptions, DuplicateSeedEntry } from './duplicates';
export { segments, fitToLimit, multipartLimit, DEFAULT_MULTIPART_LIMIT } from './segments';
export type { SegmentInfo } from './segments';
export { setTaskState, setScheduledTasksStates, TASK_STATES, isTaskState } from './state';
export type { TaskState } from './state';
export { nextMessage } from './next-msg';
export type { NextMessage } from './next-msg';
