// The terminal streams: WebSocket upgrades at STREAM_PATH, checked like socket.io's handshake and tied to the page that named their key.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_STREAM_FRAME_BYTES, STREAM_PATH } from '../../core/protocol';
import { learnerOf, type AccessPolicy } from '../http/access';
import { admitSocket } from '../http/edge-gate';
import { refuseUpgrade, retryHeaders } from '../http/refusal';
import type { Logger } from '../log';
import type { WorkshopSecrets } from '../workshop/workshop-access';
import { PageStream } from './page-stream';

export type TerminalStreams = {
  /** A page connected over socket.io with `key`; null when the key is taken (never by chance: keys are random). */
  register(key: string, learner: string | null): PageStream | null;
  /** The page's socket.io connection ended. */
  unregister(stream: PageStream): void;
  close(): void;
};

/** Does this upgrade request ask for a terminal stream? (Other upgrades belong to socket.io or Next.js.) */
export const isStreamRequest = (req: IncomingMessage): boolean => (req.url ?? '').split('?')[0] === STREAM_PATH;

export function attachTerminalStreams(http: HttpServer, policy: AccessPolicy, workshop: WorkshopSecrets | null, log: Logger): TerminalStreams {
  // Frames are small and binary; compression would cost more than it saves on a LAN (as for socket.io).
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_STREAM_FRAME_BYTES, clientTracking: false });
  const streams = new Map<string, PageStream>();

  const refuse = (socket: Duplex, status: number, reason: string) => {
    log.warn(`terminal stream refused: ${reason}`);
    refuseUpgrade(socket, status, reason, retryHeaders(status, reason));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isStreamRequest(req)) return;
    // The same admission as socket.io's (Host, origin, secrets; wrong secrets count as guesses).
    const verdict = admitSocket(req, policy, workshop);
    if (!verdict.allowed) return refuse(socket, verdict.status, verdict.reason);
    const key = new URL(req.url ?? '', 'http://lab').searchParams.get('key') ?? '';
    const stream = streams.get(key);
    // An unknown key and someone else's key get the same answer: nothing tells them apart.
    if (!stream || stream.learner !== learnerOf(req.headers)) return refuse(socket, 404, 'no page of this lab has that stream key; reload the page');
    if (stream.isConnected || stream.isClosed) return refuse(socket, 403, 'this stream key is already in use');
    wss.handleUpgrade(req, socket, head, (ws) => stream.connect(ws));
  };
  http.on('upgrade', onUpgrade);

  return {
    register(key, learner) {
      if (streams.has(key)) return null;
      const stream = new PageStream(key, learner);
      streams.set(key, stream);
      return stream;
    },
    unregister(stream) {
      stream.close();
      if (streams.get(stream.key) === stream) streams.delete(stream.key);
    },
    close() {
      http.off('upgrade', onUpgrade);
      for (const stream of streams.values()) stream.close();
      streams.clear();
      wss.close();
    },
  };
}
