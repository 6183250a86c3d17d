/**
 * Starting the embedded server: as a child process (its own core and event loop; what standalone
 * runs and tests use) or in the current process (the `vigil couch` command).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serveUntilSignalled } from './listen';
import { defaultPasswordWarning, DEFAULT_HOST, DEFAULT_PORT, resolveAdmin, serverUrl, type ServerOptions } from './options';

export interface EmbeddedServerOptions {
  /** default 5984; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  memory?: boolean;
  /** leveldb folder; default ./data/ */
  dataDir?: string;
  /** default VIGIL_COUCH_USER, else admin */
  username?: string;
  /** default VIGIL_COUCH_PASSWORD, else vigil (with a warning) */
  password?: string;
  /** don't forward the server's output (its warnings, its listening line) to stderr */
  silent?: boolean;
}

export interface EmbeddedServer {
  /** server root with credentials, no trailing slash (never log it) */
  url: string;
  port: number;
  stop(): Promise<void>;
  child: ChildProcess;
}

const READY_TIMEOUT_MS = 30000;
const KILL_AFTER_MS = 5000;
const STDERR_TAIL_CHARS = 8000;

/** The folder holding vigil's package.json, from the compiled `dist/lib/embedded` or the source `lib/embedded`. */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'vigil') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json named "vigil" above ${from}`);
  }
}

function resolveOptions(opts: EmbeddedServerOptions): { options: ServerOptions; usedDefaultAdmin: boolean } {
  const { admin, usedDefault } = resolveAdmin(opts, process.env);
  return {
    options: {
      port: opts.port ?? DEFAULT_PORT,
      host: opts.host ?? DEFAULT_HOST,
      memory: opts.memory ?? false,
      dataDir: opts.dataDir,
      admin,
    },
    usedDefaultAdmin: usedDefault,
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Forks `dist/lib/embedded/main.js` and resolves once it listens. */
export async function startEmbeddedServer(opts: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const { options } = resolveOptions(opts); // the child warns about a default password itself
  const entry = path.join(findRepoRoot(), 'dist', 'lib', 'embedded', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);

  const args = ['--port', String(options.port), '--host', options.host];
  if (options.memory) args.push('--memory');
  if (options.dataDir) args.push('--data', path.resolve(options.dataDir));
  const child = fork(entry, args, {
    // credentials travel in the environment, not in argv where `ps` shows them
    env: { ...process.env, VIGIL_COUCH_USER: options.admin.username, VIGIL_COUCH_PASSWORD: options.admin.password },
    // not the parent's flags: an inspector or jest's options have no business in the server
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });

  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    if (!opts.silent) process.stderr.write(chunk);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    if (!opts.silent) process.stderr.write(chunk);
  });

  const port = await new Promise<number>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the embedded couch did not start within ${READY_TIMEOUT_MS / 1000} s; its stderr:\n${stderrTail}`));
    }, READY_TIMEOUT_MS);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'ready' || typeof message.port !== 'number') return;
      clearTimeout(timer);
      ready(message.port);
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      fail(new Error(`cannot start the embedded couch: ${err.message}`));
    });
    // 'close' comes after the child's stderr is drained, so the message carries its last words
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the embedded couch exited (${signal ?? `code ${code}`}) before it was ready; its stderr:\n${stderrTail}`));
    });
  });

  // The server never keeps this process alive; when this process goes, the child sees its IPC
  // channel close and exits too.
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  (child.stdout as { unref?: () => void } | null)?.unref?.();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const exited = waitForExit(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await exited;
      clearTimeout(killer);
    })());

  return { url: serverUrl(options.host, port, options.admin), port, stop, child };
}

/** Runs the server in this process (the `vigil couch` command); resolves once it listens. */
export async function runEmbeddedServerForeground(
  opts: EmbeddedServerOptions = {},
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const { options, usedDefaultAdmin } = resolveOptions(opts);
  if (usedDefaultAdmin && !opts.silent) process.stderr.write(`${defaultPasswordWarning(options.admin)}\n`);
  const running = await serveUntilSignalled(options);
  return { url: serverUrl(options.host, running.port, options.admin), port: running.port, stop: () => running.close() };
}
