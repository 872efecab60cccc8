// Assembles one lab server: HTTP (Next.js) and socket.io on one port, the lab machine, sessions; and tears it all down.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, ServerResponse, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PUSH, wireError } from '../core/protocol';
import { singleNode, type NodeHomes } from './cluster/node-homes';
import { PostgresNodeHomes } from './cluster/postgres-node-homes';
import { isLoopbackHost, type Config } from './config/config';
import type { NodeHealth } from './http/health';
import { refuseRequest, refuseUpgrade } from './http/refusal';
import { createRequestHandler } from './http/request-handler';
import type { AccessPolicy } from './http/access';
import { GuessLimiter } from './http/guess-limiter';
import { getLesson, getLessonCatalogue } from './lessons/load-lessons';
import type { Logger } from './log';
import type { LabMachine } from './machine/machine';
import { SessionManager } from './sessions/session-manager';
import { openStore } from './store/open-store';
import { connectRedis, type RedisLink } from './socket/redis-link';
import { attachSocketServer } from './socket/socket-server';
import { isStreamRequest } from './socket/terminal-streams';
import { createNextApp, type NextApp } from './web/next-app';
import { Workshop } from './workshop/workshop';
import { generateSecrets, type WorkshopSecrets } from './workshop/workshop-access';

/** How often a draining node looks whether its learners have left (in milliseconds). */
const DRAIN_POLL_MS = 250;

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
  /** This node's id (NSLAB_NODE_ID). */
  node: string;
  /**
   * Drains the node: /readyz fails, pages and new sockets are turned away (503), no session opens, every page is
   * told; resolves once no page shows a session here or after `deadlineMs`, then closes (every sandbox disposed).
   */
  drain(deadlineMs: number): Promise<void>;
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
  const secrets = config.workshop ? generateSecrets({ joinCode: config.joinCode, instructorToken: config.token, workshopSecret: config.workshopSecret }) : null;
  // Redis first: a node that cannot reach the other nodes must not start as if it were alone.
  let redis: RedisLink | null = null;
  if (config.redisUrl) {
    const linked = await connectRedis(config.redisUrl, log, channelPrefix(secrets));
    if (!linked.ok) throw new Error(linked.error);
    redis = linked.value;
  }
  const store = await openStore(config.dataDir, log, config.databaseUrl);
  if (!store.ok) {
    await redis?.dispose();
    throw new Error(store.error);
  }
  const progress = store.value;
  // Which node holds each learner's sandbox: in the shared database when there is one.
  let homes: NodeHomes = singleNode(config.nodeId);
  if (config.databaseUrl) {
    try {
      homes = await PostgresNodeHomes.open(config.databaseUrl, config.nodeId, log);
    } catch (e) {
      await progress.dispose();
      await redis?.dispose();
      throw new Error(`cannot record this node in the database: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  // Wrong secrets are counted per address across pages, sockets and terminal streams alike.
  const guesses = new GuessLimiter(Date.now, config.trustedProxies);
  // In a workshop the join code (learners) and the instructor token take the access token's place.
  const workshop = secrets
    ? new Workshop({
        secrets,
        sessions: () => sessions.everyone(),
        lessonOf: (slug) => getLesson(slug),
        roomOf: (learners, lessons) => progress.room(learners, lessons),
        listenHost: config.host,
        node: config.nodeId,
        otherNodes: async () => (await sockets.nodes?.liveParts()) ?? [],
      })
    : null;
  const token = workshop ? null : (config.token ?? (loopbackOnly ? null : randomBytes(18).toString('base64url')));
  const policy: AccessPolicy = { loopbackOnly, token, guesses };

  let nextApp: NextApp | null = null;
  if (web) nextApp = await createNextApp(root, config.dev, config.host, config.port);
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  };
  let draining = false;
  const health: NodeHealth = {
    node: config.nodeId,
    draining: () => draining,
    notReady: () => {
      if (draining) return 'draining: this node takes no new learners';
      const status = machine.status?.();
      if (status && status.state !== 'ready') return `the lab machine is ${status.state}: ${status.summary}`;
      const database = homes.unreachable();
      if (database) return database;
      if (redis && !redis.isUp()) return 'Redis is out of reach: the other nodes cannot be told about learners here';
      return null;
    },
  };
  const handler = createRequestHandler(policy, config.dev, nextApp?.handle ?? notFound, workshop, health);
  const http = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      log.error(`request ${req.method} ${req.url} failed`, e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const sessions = new SessionManager(machine, config, progress, homes);

  const sockets = attachSocketServer(
    http,
    policy,
    {
      sessions,
      getLesson: (slug) => getLesson(slug),
      machineKind: machine.kind,
      machineStatus: () => machine.status?.(),
      workshop,
      progress,
      lessonList: async () => (await getLessonCatalogue()).lessons,
    },
    log,
    redis,
  );
  // A draining node turns away new socket.io connections (a page with a session here keeps its own), so the balancer asks another node.
  sockets.io.engine.use((req: IncomingMessage, res: ServerResponse | { socket: Socket }, next: () => void) => {
    if (!draining || new URL(req.url ?? '/', 'http://lab').searchParams.has('sid')) return next();
    const reason = `lab node ${config.nodeId} is going away for maintenance; connect to another node`;
    if (res instanceof ServerResponse) refuseRequest(res, 503, reason, { 'Retry-After': '5' });
    else refuseUpgrade(res.socket, 503, reason, { 'Retry-After': '5' });
  });
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
      await redis?.dispose();
      await sessions.dispose();
      await homes.dispose();
      await progress.dispose();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await nextApp?.close();
    })());

  const urls = workshop?.urls(origin);
  const workshopInfo = workshop && urls ? { instructorUrl: urls.instructor, joinUrl: urls.join, joinCode: workshop.secrets.joinCode } : null;
  const drain = async (deadlineMs: number) => {
    if (!draining) {
      draining = true;
      sessions.startDraining();
      await homes.setDraining();
      log.info(`draining: ${sessions.attachedCount()} page(s) with a session here; stopping once they are gone or in ${Math.round(deadlineMs / 1000)} s`);
      // This node's pages only (local): with the Redis adapter a plain emit would reach every node's.
      sockets.io.local.emit(PUSH.serverNotice, {
        level: 'warning',
        error: wireError('machine_failed', 'This machine is going away for maintenance; reload the page to continue on another one. Your progress is kept; files in this terminal are not.'),
      });
    }
    const deadline = Date.now() + deadlineMs;
    while (sessions.attachedCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
    await close();
  };

  return {
    url: token ? `${origin}/?token=${token}` : (urls?.join ?? `${origin}/`),
    origin,
    port,
    token,
    workshop: workshopInfo,
    sessions,
    node: config.nodeId,
    drain,
    engineClients: () => sockets.io.engine.clientsCount,
    close,
  };
}

/**
 * The Redis channels of one lab: a workshop's are named after its secrets (hashed), so two workshops
 * sharing one Redis never see each other's learners, while every node of one workshop meets the others.
 */
function channelPrefix(secrets: WorkshopSecrets | null): string {
  if (!secrets) return 'nslab';
  return `nslab-${createHash('sha256').update(`${secrets.joinCode}\n${secrets.instructorToken}`).digest('hex').slice(0, 16)}`;
}
