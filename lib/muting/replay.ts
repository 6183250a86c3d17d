/**
 * Replay of offline muting events (spec 3.15 step 6). A report muted or unmuted client-side may reach the
 * server out of order; the events that followed it in the touched contacts' client histories are run
 * again, in device-date order, with force (whatever their infodoc says) and without replaying further.
 *
 * vigil: every replayed event is planned against the projected contacts, and its effects are queued
 * after the ones before it, so the runner applies them in the same order CHT would have saved them.
 * What a replayed report gains (messages, errors) is an effect on that report; it is recorded as run
 * in its infodoc so the feed does not run it again.
 */
import { hydrateDocs } from '../runner/hydrate';
import type { Doc, Effect, Lookups } from '../types';
import { OPS, type ReportOutputArgs, type RunRecordArgs } from './ops';
import { processMutingReport, type ReportEnv } from './report';

export interface ReplayEnv extends ReportEnv {
  lookups: Lookups;
  /** CHT's report filter without the run-once check (mute/unmute form, valid submission) */
  isRelevantReport(doc: Doc): boolean;
}

export interface ReplayRun {
  /** report ids in replay order */
  queue: string[];
  /** the report being processed (its working copy takes its own replays) */
  current: Doc;
  timestamp: string;
  notBefore: number;
  projected: Map<string, Doc>;
}

const count = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

export async function replayEvents(env: ReplayEnv, run: ReplayRun): Promise<Effect[]> {
  const effects: Effect[] = [];
  for (const id of run.queue) {
    const isCurrent = id === run.current._id;
    let target: Doc | undefined = isCurrent ? run.current : await env.lookups.getDoc(id);
    if (!target) continue; // not synced yet: it replays its own successors when it arrives
    if (!isCurrent) [target] = await hydrateDocs([target], env.lookups);
    if (!target || !env.isRelevantReport(target)) continue;

    const tasksBefore = count(target.tasks);
    const errorsBefore = count(target.errors);
    const outcome = await processMutingReport(env, {
      doc: target,
      hasRun: true,
      skipReplay: true,
      timestamp: run.timestamp,
      notBefore: run.notBefore,
      projected: run.projected,
    });
    effects.push(...outcome.effects);
    if (isCurrent) continue; // the runner saves the working copy

    const output: ReportOutputArgs = {
      tasks: (target.tasks ?? []).slice(tasksBefore),
      errors: (target.errors ?? []).slice(errorsBefore),
    };
    if (output.tasks.length || output.errors.length) effects.push({ kind: 'update', id, op: OPS.reportOutput, args: output });
    const record: RunRecordArgs = { rev: target._rev as string, runDate: run.timestamp };
    effects.push({ kind: 'update', db: 'sentinel', id: `${id}-info`, op: OPS.runRecord, args: record });
  }
  return effects;
}
