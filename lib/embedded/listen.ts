/** Runs the embedded app on an HTTP server in the current process. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddedApp } from './app';
import { reachableHost, type ServerOptions } from './options';

export interface ListeningServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function listenEmbedded(opts: ServerOptions): Promise<ListeningServer> {
  const app = createEmbeddedApp({ memory: opts.memory, dataDir: opts.dataDir, admin: opts.admin });
  try {
    await app.ready();
  } catch (err) {
    throw new Error(`cannot open the ${opts.memory ? 'in-memory storage' : `data folder ${opts.dataDir ?? './data/'}`}: ${(err as Error).message}`);
  }
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${opts.host}:${opts.port}`;
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${opts.port} is already in use (${where})`));
      else reject(new Error(`cannot listen on ${where}: ${err.message}`));
    });
    server.listen(opts.port, opts.host, () => {
      const port = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      const close = () =>
        (closing ??= new Promise<void>((done) => {
          server.close(() => done());
          // open feeds (continuous, longpoll) would otherwise hold close() forever
          server.closeAllConnections();
        }).then(() => app.closeDatabases()));
      resolve({ server, port, close });
    });
  });
}

/**
 * Listens, logs the one line tools wait for, and closes cleanly on SIGTERM/SIGINT (exit 0). PouchDB
 * failures that escape as unhandled rejections are logged instead of killing the server.
 */
export async function serveUntilSignalled(opts: ServerOptions): Promise<ListeningServer> {
  const running = await listenEmbedded(opts);
  process.stderr.write(`embedded couch listening on http://${reachableHost(opts.host)}:${running.port}\n`);
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`embedded couch: unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}\n`);
  });
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return running;
}
