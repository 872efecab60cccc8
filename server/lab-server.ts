// Assembles one lab server: HTTP (Next.js) and socket.io on one port, the lab machine, sessions; and tears it all down.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PUSH } from '../core/protocol';
import { isLoopbackHost, type Config } from './config/config';
import { createRequestHandler } from './http/request-handler';
import type { AccessPolicy } from './http/access';
import { GuessLimiter } from './http/guess-limiter';
import { getLesson, getLessonCatalogue } from './lessons/load-lessons';
import type { Logger } from './log';
import type { LabMachine } from './machine/machine';
import { SessionManager } from './sessions/session-manager';
import { openStore } from './store/open-store';
import { attachSocketServer } from './socket/socket-server';
import { isStreamRequest } from './socket/terminal-streams';
import { createNextApp, type NextApp } from './web/next-app';
import { Workshop } from './workshop/workshop';
import { generateSecrets } from './workshop/workshop-access';

export type LabServer = {
  /** The URL to open, with `?token=` when one is needed. */
  url: string;
  /** The origin (scheme, host, port) without the token. */
  origin: string;
  port: number;
  token: string | null;
  /** In workshop mode: the instructor's URL (with its token) and the learners' join URL. */
  workshop: { instructorUrl: string; joinUrl: string; joinCode: string } | null;
  sessions: SessionManager;
  /** engine.io connections open now (polling or WebSocket), admitted or not yet upgraded. */
  engineClients(): number;
  close(): Promise<void>;
};

export type LabServerOptions = {
  config: Config;
  machine: LabMachine;
  log: Logger;
  /** Serve the Next.js web app; tests of the socket layer turn it off to start in milliseconds. */
  web: boolean;
  root: string;
};

export async function startLabServer({ config, machine, log, web, root }: LabServerOptions): Promise<LabServer> {
  const loopbackOnly = isLoopbackHost(config.host);
  const store = await openStore(config.dataDir, log, config.databaseUrl);
  if (!store.ok) throw new Error(store.error);
  const progress = store.value;
  // Wrong secrets are counted per address across pages, sockets and terminal streams alike.
  const guesses = new GuessLimiter();
  // In a workshop the join code (learners) and the instructor token take the access token's place.
  const workshop = config.workshop
    ? new Workshop(generateSecrets({ joinCode: config.joinCode, instructorToken: config.token }), () => sessions.everyone(), (learner) => progress.displayName(learner), config.host, (learner, lesson) => progress.predictions(learner, lesson))
    : null;
  const token = workshop ? null : (config.token ?? (loopbackOnly ? null : randomBytes(18).toString('base64url')));
  const policy: AccessPolicy = { loopbackOnly, token, guesses };

  let nextApp: NextApp | null = null;
  if (web) nextApp = await createNextApp(root, config.dev, config.host, config.port);
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  };
  const handler = createRequestHandler(policy, config.dev, nextApp?.handle ?? notFound, workshop);
  const http = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      log.error(`request ${req.method} ${req.url} failed`, e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const sessions = new SessionManager(machine, config, progress);

  const sockets = attachSocketServer(http, policy, { sessions, getLesson: (slug) => getLesson(slug), machineKind: machine.kind, machineStatus: () => machine.status?.(), workshop, progress, lessonList: async () => (await getLessonCatalogue()).lessons }, log);
  // Every page learns when the machine changes state (a VM finished booting, a link dropped).
  const stopWatchingMachine = machine.onStatus?.((status) => sockets.io.emit(PUSH.machineStatus, status));
  if (nextApp && config.dev) {
    const upgrade = nextApp.upgrade;
    // Hot reload's WebSocket; socket.io and the terminal streams answer their own upgrades.
    http.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket.io') && !isStreamRequest(req)) upgrade(req, socket, head);
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const origin = `http://${shownHost}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      stopWatchingMachine?.();
      await sockets.close();
      await sessions.dispose();
      await progress.dispose();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await nextApp?.close();
    })());

  const urls = workshop?.urls(origin);
  const workshopInfo = workshop && urls ? { instructorUrl: urls.instructor, joinUrl: urls.join, joinCode: workshop.secrets.joinCode } : null;
  return { url: token ? `${origin}/?token=${token}` : (urls?.join ?? `${origin}/`), origin, port, token, workshop: workshopInfo, sessions, engineClients: () => sockets.io.engine.clientsCount, close };
}
