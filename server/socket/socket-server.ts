// socket.io on the lab's HTTP server: handshake checks (Origin, token, protocol version), then the lab's handlers per socket.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { HandshakeAuth, PROTOCOL_VERSION, PUSH, type ClientToServerEvents, type ServerToClientEvents } from '../../core/protocol';
import { wireParser } from '../../core/protocol/wire-parser';
import { checkHost, checkOrigin, checkToken, learnerOf, type AccessPolicy } from '../http/access';
import type { Logger } from '../log';
import { registerLabHandlers, type LabDeps } from './lab-handlers';
import { SocketEdge } from './socket-edge';

/** Handshake refusals carry a code in `err.data` so the page can tell "reload" from "forbidden". */
class HandshakeError extends Error {
  constructor(
    message: string,
    readonly data: { code: 'forbidden' | 'protocol_mismatch' },
  ) {
    super(message);
  }
}

export function attachSocketServer(http: HttpServer, policy: AccessPolicy, deps: LabDeps, log: Logger) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    // Terminal output as one binary frame per message (see wire-parser).
    parser: wireParser,
    // Terminal output is binary and already small per message; compression costs more than it saves on a LAN.
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 1024 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  io.use((socket, next) => {
    const headers = socket.handshake.headers;
    for (const verdict of [checkHost(policy, headers), checkOrigin(headers), checkToken(policy, headers)]) {
      if (!verdict.allowed) {
        log.warn(`socket refused from ${socket.handshake.address}: ${verdict.reason}`);
        return next(new HandshakeError(verdict.reason, { code: 'forbidden' }));
      }
    }
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(new HandshakeError(`this page speaks another protocol version than the server (${PROTOCOL_VERSION}); reload the page`, { code: 'protocol_mismatch' }));
    }
    next();
  });

  io.on('connection', (socket) => {
    const headers = socket.handshake.headers;
    // In a workshop the cookies decide the role (join code → learner, instructor token → instructor).
    const role = deps.workshop ? deps.workshop.roleOf(headers) : 'learner';
    registerLabHandlers(socket, new SocketEdge(socket, log), deps, learnerOf(headers), role);
    const status = deps.machineStatus?.();
    if (status) socket.emit(PUSH.machineStatus, status);
  });

  return {
    io,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
