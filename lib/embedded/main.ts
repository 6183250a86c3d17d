/**
 * Child-process entry of the embedded server (forked by spawn.ts, so PouchDB gets its own core).
 *   node dist/lib/embedded/main.js [--port N] [--host H] [--memory] [--data DIR]
 * Credentials come from VIGIL_COUCH_USER / VIGIL_COUCH_PASSWORD. When listening it sends
 * `{type: 'ready', port}` over IPC (if forked) and logs one line to stderr.
 */
import { defaultPasswordWarning, parseServerArgs } from './options';
import { serveUntilSignalled } from './listen';

async function main(): Promise<void> {
  const { options, usedDefaultAdmin } = parseServerArgs(process.argv.slice(2), process.env);
  if (usedDefaultAdmin) process.stderr.write(`${defaultPasswordWarning(options.admin)}\n`);
  const running = await serveUntilSignalled(options);
  if (process.send) {
    process.send({ type: 'ready', port: running.port });
    // the parent is gone: nobody can reach or stop us any more
    process.once('disconnect', () => {
      running.close().finally(() => process.exit(0));
    });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`embedded couch: ${err.message}\n`);
  process.exit(1);
});
