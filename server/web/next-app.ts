// The Next.js app as a request handler (and, in dev, its hot-reload WebSocket upgrade handler).
import next from 'next';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebHandler } from '../http/request-handler';

export type NextApp = {
  handle: WebHandler;
  /** Dev only: Next's hot-reload socket at /_next/webpack-hmr. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  close(): Promise<void>;
};

export async function createNextApp(dir: string, dev: boolean, hostname: string, port: number): Promise<NextApp> {
  const app = next({ dev, dir, hostname, port, quiet: !dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => void upgrade(req, socket, head),
    close: () => app.close(),
  };
}
