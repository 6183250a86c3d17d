/** The infodoc's record of delivered pushes: `completed_tasks` entries `{ type: "outbound", name, timestamp, hash }`. */
import type { InfoDoc } from '../types';

export type CompletedTask = NonNullable<InfoDoc['completed_tasks']>[number];

/** The hash of the LAST delivered push of `name` (CHT compares with that one only). */
export function lastCompletedHash(info: InfoDoc | undefined, name: string): string | undefined {
  const tasks = info?.completed_tasks;
  if (!Array.isArray(tasks)) return undefined;
  for (let i = tasks.length - 1; i >= 0; i--) {
    const t = tasks[i];
    if (t && t.type === 'outbound' && t.name === name) return t.hash;
  }
  return undefined;
}

export function completedTask(name: string, hash: string, nowMs: number): CompletedTask {
  return { type: 'outbound', name, timestamp: nowMs, hash };
}
