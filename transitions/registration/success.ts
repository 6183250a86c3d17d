/**
 * Success messages (spec 3.3 step 4): every `messages[]` entry with no `event_type` or `report_accepted`
 * whose `bool_expr` (against `{ doc }`, the report itself) is truthy, in config order. The context has
 * the patient/place as the triggers left them, their registrations, and `next_msg`.
 * An exception in a message `bool_expr` is not caught: the transition fails (as in CHT).
 */
import { nextMessage } from '../../lib/messages';
import type { MessageConfig, TransitionContext } from '../../lib/types';
import type { RegistrationConfig } from './config';
import { subjectContext } from './triggers/schedules';

const isSuccess = (m: MessageConfig | undefined): m is MessageConfig =>
  !!m && typeof m === 'object' && (!m.event_type || m.event_type === 'report_accepted');

export async function addSuccessMessages(ctx: TransitionContext, config: RegistrationConfig): Promise<void> {
  const { doc, expressions, messaging } = ctx;
  const candidates = Array.isArray(config.messages) ? config.messages.filter(isSuccess) : [];
  if (!candidates.length) return;
  const chosen = candidates.filter((m) => !m.bool_expr || !!expressions.evaluate(m.bool_expr, { doc }));
  if (!chosen.length) return;
  const context = { ...(await subjectContext(ctx)), templateContext: { next_msg: nextMessage(doc, ctx.clock) } };
  for (const message of chosen) messaging.addMessage(doc, message, message.recipient, context);
}
