/**
 * The `Messaging` service transitions use (spec 5.3, 2.5, 2.6), bound to one settings/translations/
 * clock snapshot and to the engine's duplicate guard.
 */
import type {
  Clock,
  Doc,
  Message,
  MessageConfig,
  MessageContext,
  Messaging,
  Recipient,
  Settings,
  Task,
  Translations,
} from '../types';
import { addMessageContent, getMessage, usesOnlyPluralMessages, type MessageContent } from './content';
import { buildTemplateContext } from './context';
import { denyReason, type DenyReason } from './deny';
import { duplicateKey, duplicateLimit, type DuplicateGuard } from './duplicates';
import { addError, addMessageError, errorText, PARSE_ERROR_CODE } from './errors';
import { generate, type Generated, type MessageEnv } from './generate';
import { getLocale } from './locale';
import { setTaskState } from './state';
import { renderTemplate } from './template';
import { translate } from './translations';

export interface MessagingLogger {
  warn(msg: string, meta?: object): void;
}

/**
 * Whose number the deny lists (5.7) are checked against. CHT checks the report's `from` only
 * (`sender`); vigil's default `both` also denies messages whose recipient is denied (a deny-listed
 * number, the gateway itself), and still denies everything CHT denies.
 */
export type DenyTarget = 'sender' | 'recipient' | 'both';

export interface MessagingOptions {
  settings: Settings;
  translations: Translations;
  clock: Clock;
  duplicates: DuplicateGuard;
  logger?: MessagingLogger;
  denyTarget?: DenyTarget;
}

/** `Messaging` plus what other engine parts (schedules, due_tasks, previews) need from the layer. */
export interface VigilMessaging extends Messaging {
  /** `unique`: when a task with the same first-message `to` and text exists, return it and add nothing */
  addMessage(doc: Doc, config: MessageConfig, recipient?: Recipient, context?: MessageContext, unique?: boolean): Task | undefined;
  /** one message from a whole content config (`translation_key`, `messages`, `message`); throws on template errors */
  generate(doc: Doc, content: MessageContent, recipient?: Recipient, context?: MessageContext): Generated;
  /** the raw template of a message config for a locale (5.2) */
  getMessage(content: MessageContent | undefined, locale?: string): string;
  /** why a number is denied (5.7), or undefined */
  denyReason(phone: unknown): DenyReason | undefined;
  /** CHT's `isOutgoingAllowed(from)` on these settings */
  isOutgoingAllowed(from: unknown): boolean;
  /** the state a new immediate task for `doc` gets (denied / duplicate / pending); counts the message */
  initialState(doc: Doc, message: Message): 'denied' | 'duplicate' | 'pending';
}

function findExistingTask(doc: Doc, message: Message): Task | undefined {
  const tasks: Task[] = Array.isArray(doc.tasks) ? doc.tasks : [];
  return tasks.find((task) => {
    const first: Message | undefined = task && Array.isArray(task.messages) ? task.messages[0] : undefined;
    return !!first && first.to === message.to && first.message === message.message;
  });
}

export function createMessaging(opts: MessagingOptions): VigilMessaging {
  const { settings, translations, clock, duplicates, logger } = opts;
  const denyTarget: DenyTarget = opts.denyTarget ?? 'both';
  const env: MessageEnv = { settings, translations, clock };

  function stateFor(doc: Doc, message: Message): 'denied' | 'duplicate' | 'pending' {
    const senderDenied = denyTarget !== 'recipient' ? denyReason(settings, doc.from) : undefined;
    const recipientDenied = denyTarget !== 'sender' ? denyReason(settings, message.to) : undefined;
    if (senderDenied || recipientDenied) {
      if (!senderDenied && logger) {
        logger.warn('message denied: recipient is deny-listed', { doc: doc._id, to: message.to, reason: recipientDenied });
      }
      return 'denied';
    }
    const key = duplicateKey(message.to, message.message);
    return duplicates.hit(key, clock.nowMs(), duplicateLimit(settings)) ? 'duplicate' : 'pending';
  }

  function logResolution(doc: Doc, generated: Generated, config: MessageConfig | undefined): void {
    if (!logger) return;
    const { recipient, message } = generated;
    if (recipient.via === 'none') {
      logger.warn('message has no recipient: no recipient configured and the report has no sender', {
        doc: doc._id,
        uuid: message.uuid,
      });
    } else if (recipient.via !== 'rule' && recipient.items.length) {
      logger.warn(
        recipient.via === 'fallback_sender'
          ? 'no recipient resolved; message sent to the sender'
          : 'no recipient resolved; message addressed to the literal recipient',
        { doc: doc._id, uuid: message.uuid, recipient: recipient.items, via: recipient.via, to: message.to },
      );
    }
    if (message.error && usesOnlyPluralMessages(config)) {
      logger.warn('message config uses `messages`, which immediate messages ignore (use `message` or `translation_key`)', {
        doc: doc._id,
        event_type: config && config.event_type,
      });
    }
  }

  const messaging: VigilMessaging = {
    addMessage(doc, config, recipient, context, unique = false) {
      doc.tasks = Array.isArray(doc.tasks) ? doc.tasks : [];
      try {
        const generated = generate(
          env,
          doc,
          addMessageContent(config),
          recipient === undefined ? 'reporting_unit' : recipient,
          context || {},
        );
        logResolution(doc, generated, config);
        if (unique) {
          const found = findExistingTask(doc, generated.message);
          if (found) return found;
        }
        const task: Task = { messages: [generated.message] };
        setTaskState(task, stateFor(doc, generated.message), clock);
        doc.tasks.push(task);
        return task;
      } catch (e) {
        addError(doc, { code: PARSE_ERROR_CODE, message: `${errorText(e)}: ${config && config.translation_key}` });
        return undefined;
      }
    },

    addError(doc, error, context) {
      addMessageError(env, doc, error, context);
    },

    addRejectionMessage(doc, config, errorKey, context) {
      const configured = config && Array.isArray(config.messages)
        ? config.messages.find((m) => m && m.event_type === errorKey)
        : undefined;
      const messageConfig: MessageConfig = configured || { translation_key: `messages.generic.${errorKey}` };
      const recipient = (configured && configured.recipient) || 'from';
      messaging.addMessage(doc, messageConfig, recipient, context);
      const text = getMessage(messageConfig, translations, getLocale(settings, doc));
      messaging.addError(doc, { code: errorKey, message: text }, context);
    },

    addSuccessMessage(doc, config, eventType, context) {
      const configured = config && Array.isArray(config.messages)
        ? config.messages.find((m) => m && m.event_type === eventType)
        : undefined;
      if (configured) messaging.addMessage(doc, configured, configured.recipient, context);
    },

    addErrors(config, doc, errors, context) {
      if (!Array.isArray(errors) || !errors.length) return;
      for (const error of errors) messaging.addError(doc, error, context);
      const text = (e: unknown): unknown => (e && (e as { message?: unknown }).message) || e;
      const join = config && config.validations && config.validations.join_responses;
      const reply = join ? errors.filter(Boolean).map(text).join('  ') : text(errors[0]);
      messaging.addMessage(doc, { message: reply as string });
    },

    translate(key, locale) {
      return translate(translations, key, locale);
    },

    getLocale(doc) {
      return getLocale(settings, doc);
    },

    render(template, doc, context, locale) {
      return renderTemplate(template, buildTemplateContext(doc, context || {}), {
        settings,
        clock,
        locale: locale || getLocale(settings, doc),
      });
    },

    generate(doc, content, recipient, context) {
      return generate(env, doc, content, recipient, context || {});
    },

    getMessage(content, locale) {
      return getMessage(content, translations, locale);
    },

    denyReason(phone) {
      return denyReason(settings, phone);
    },

    isOutgoingAllowed(from) {
      return denyReason(settings, from) === undefined;
    },

    initialState(doc, message) {
      return stateFor(doc, message);
    },
  };
  return messaging;
}
