// socket.io on the lab's HTTP server, with the terminal streams beside it: admission before engine.io (Host, origin, secrets), the protocol version, then the lab's handlers per page.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { HandshakeAuth, PROTOCOL_VERSION, PUSH, wireError, type ClientToServerEvents, type ServerToClientEvents } from '../../core/protocol';
import { learnerOf, type AccessPolicy } from '../http/access';
import { securityHeaders } from '../http/security-headers';
import { roleOf } from '../http/workshop/workshop-cookies';
import type { Logger } from '../log';
import type { LabDeps } from './lab-deps';
import { registerLabHandlers } from './lab-handlers';
import { SocketEdge } from './socket-edge';
import { gateEngine } from './socket-server/engine-gate';
import { attachTerminalStreams } from './terminal-streams';
import type { RedisLink } from './redis-link';
import { attachWorkshopNodes, type LabServerIo, type NodeEvents } from './workshop-nodes';

/** A connect refusal carries a code in `err.data`: `protocol_mismatch` tells the page to reload. */
class HandshakeError extends Error {
  constructor(
    message: string,
    readonly data: { code: 'protocol_mismatch' },
  ) {
    super(message);
  }
}

/** `redis`: the link to the other nodes (NSLAB_REDIS_URL); without it the lab is one node. */
export function attachSocketServer(http: HttpServer, policy: AccessPolicy, labDeps: LabDeps, log: Logger, redis: RedisLink | null = null) {
  const io: LabServerIo = new Server<ClientToServerEvents, ServerToClientEvents, NodeEvents>(http, {
    // Events for pages of other nodes (broadcasts, rooms) and between nodes go through Redis.
    ...(redis ? { adapter: redis.adapter } : {}),
    serveClient: false,
    // Messages are small; compression costs more than it saves on a LAN.
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 1024 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  const nodes = redis && labDeps.workshop ? attachWorkshopNodes(io, redis, labDeps.sessions, labDeps.workshop, log) : null;
  const deps: LabDeps = { ...labDeps, nodes };

  // Host, origin and secrets are judged before engine.io builds anything for a request (no
  // session, no WebSocket); every engine.io response carries the pages' security headers.
  gateEngine(io.engine, policy, deps.workshop?.secrets ?? null, log);
  const headers = securityHeaders(false);
  io.engine.on('headers', (out: Record<string, string>) => void Object.assign(out, headers));

  io.use((socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(new HandshakeError(`this page speaks another protocol version than the server (${PROTOCOL_VERSION}); reload the page`, { code: 'protocol_mismatch' }));
    }
    next();
  });

  // Terminal I/O travels on a plain WebSocket per page beside socket.io (core/protocol/terminal-stream).
  const streams = attachTerminalStreams(http, policy, deps.workshop?.secrets ?? null, log);

  io.on('connection', (socket) => {
    const headers = socket.handshake.headers;
    const edge = new SocketEdge(socket, log);
    const learner = learnerOf(headers);
    const stream = streams.register((socket.handshake.auth as HandshakeAuth).streamKey, learner);
    if (!stream) {
      edge.notice(wireError('bad_request', 'this stream key is already in use; reload the page'));
      socket.disconnect(true);
      return;
    }
    // The page's stream and its socket.io connection live and die together: when the stream is
    // lost, closing the transport makes the page reconnect both (and reattach its terminals).
    stream.onLost = () => socket.conn.close();
    socket.on('disconnect', () => streams.unregister(stream));
    // In a workshop the cookies decide the role (join code → learner, instructor token → instructor).
    const role = deps.workshop ? roleOf(deps.workshop.secrets, headers) : 'learner';
    registerLabHandlers(socket, edge, stream, deps, learner, role);
    const status = deps.machineStatus?.();
    if (status) socket.emit(PUSH.machineStatus, status);
  });

  return {
    io,
    nodes,
    close: () =>
      new Promise<void>((resolve) => {
        streams.close();
        nodes?.dispose();
        void io.close(() => resolve());
      }),
  };
}
