/** Forks bench/worker.js for one vigil run and waits for its answer. */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { WorkerResult, WorkerTask } from './worker';

export interface RunWorkerOptions {
  /** write a CPU profile of the worker into this folder */
  profileDir?: string;
  label?: string;
  /** called when the worker starts its timer (its views are built by then) */
  onStart?: () => void;
}

export async function runWorker(serverUrl: string, task: WorkerTask, opts: RunWorkerOptions = {}): Promise<WorkerResult> {
  const execArgv = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.profileDir)}`, `--cpu-prof-name=${opts.label ?? task.kind}.cpuprofile`] : [];
  if (process.env.BENCH_TRACE_MEMORY) execArgv.push('--expose-gc');
  const child = fork(path.join(__dirname, 'worker.js'), [JSON.stringify(task)], {
    env: { ...process.env, BENCH_COUCH_URL: serverUrl },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.on('message', (m: { started?: boolean; ok?: boolean; result?: WorkerResult; error?: string }) => {
      if (m.started) return opts.onStart?.();
      answered = true;
      if (m.ok && m.result) resolve(m.result);
      else reject(new Error(`bench worker (${task.kind}) failed: ${m.error}`));
    });
    child.on('exit', (code, signal) => {
      if (!answered) reject(new Error(`bench worker (${task.kind}) exited (${signal ?? `code ${code}`}) without an answer`));
    });
  });
}
