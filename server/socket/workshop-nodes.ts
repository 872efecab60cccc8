// The workshop across nodes: each node answers the others about its learners, its terminals (read-only peeks) and its sessions, by socket.io's server-side events over the Redis adapter.
import type { Server } from 'socket.io';
import { ObservedTerminal, encodeExit, encodeOutput, type ClientToServerEvents, type ServerToClientEvents } from '../../core/protocol';
import type { Logger } from '../log';
import type { SessionManager } from '../sessions/session-manager';
import type { Workshop } from '../workshop/workshop';
import { LivePart } from '../workshop/workshop-snapshot';
import type { PageStream } from './page-stream';
import { NODE_REPLY_TIMEOUT_MS, type RedisLink } from './redis-link';

// Why asks with acknowledgements rather than each node keeping its part in a Redis hash with a TTL: the picture
// is asked for only while an instructor watches (once a second), and is then as fresh as each node's own memory;
// a hash would be rewritten by every node all day whether anyone watches, lag by its write interval, and need an
// expiry for a node that died. A dead node is not waited for: the adapter counts the nodes that subscribe (PUBSUB
// NUMSUB), and a dead node's subscription ends with its connection.
//
// Why a peek's frames go to the instructor's node rather than to a socket.io room the instructor's socket joins:
// a page reads terminal frames from its own terminal stream (a plain WebSocket, which the adapter does not carry);
// a room's frames would arrive as socket.io events, which the page reads only in the stream's fallback. Handed to
// the node that holds the page, they go out on the page's one transport, in order with its other frames.

/** Names of the events between nodes (never seen by a page; the pages' own events are core/protocol's). */
export const NODE_EVENTS = {
  live: 'nslab:workshop-live',
  peek: 'nslab:peek',
  peekFrame: 'nslab:peek-frame',
  peekStop: 'nslab:peek-stop',
  endSession: 'nslab:end-session',
} as const;

/** How often a node checks that the instructor pages it streams a peek to still exist somewhere (in milliseconds). */
const PEEK_SWEEP_MS = 5_000;
/** A node's own wait beyond the adapter's for an answer (in milliseconds): a request made as Redis goes away is never answered. */
const ASK_GRACE_MS = 500;

/**
 * Payloads between nodes are JSON (the adapter encodes server-side events so), hence a peek's binary frames
 * travel as base64. Answers from other nodes are parsed like a page's payloads: another node may run another version.
 */
export type NodeEvents = {
  [NODE_EVENTS.live]: (reply: (part: LivePart) => void) => void;
  [NODE_EVENTS.peek]: (terminalId: string, pageId: string, reply: (observed: ObservedTerminal | null) => void) => void;
  [NODE_EVENTS.peekFrame]: (pageId: string, frameBase64: string) => void;
  [NODE_EVENTS.peekStop]: (pageId: string, terminalId: string | null) => void;
  [NODE_EVENTS.endSession]: (sessionId: string, reply: (ended: boolean) => void) => void;
};

export type LabServerIo = Server<ClientToServerEvents, ServerToClientEvents, NodeEvents>;

/** What a peek needs of the instructor's page: its id and its terminal stream (a Page has both). */
export type ObservingPage = { id: string; stream: Pick<PageStream, 'send'> };

export type WorkshopNodes = {
  /** What every other node holds now; none when the lab is one node or Redis is away. */
  liveParts(): Promise<LivePart[]>;
  /** Starts streaming another node's terminal to this node's instructor page `page`; null when no node holds it. */
  observe(terminalId: string, page: ObservingPage): Promise<ObservedTerminal | null>;
  /** Stops streaming one terminal (or, with null, every terminal) to the page. */
  unobserve(pageId: string, terminalId: string | null): void;
  /** Ends a session another node holds; false when none does. */
  endSession(sessionId: string): Promise<boolean>;
  dispose(): void;
};

export function attachWorkshopNodes(io: LabServerIo, link: Pick<RedisLink, 'isUp'>, sessions: SessionManager, workshop: Workshop, log: Logger): WorkshopNodes {
  /** This node's instructor pages that receive another node's terminal: by page (socket) id. */
  const pages = new Map<string, ObservingPage>();
  /** Terminals of this node streamed to other nodes' instructor pages: page id → terminal id → stop. */
  const peeks = new Map<string, Map<string, () => void>>();
  let sweep: NodeJS.Timeout | null = null;
  let warned = false;
  const warnOnce = (what: string) => {
    if (warned) return;
    warned = true;
    log.warn(`${what}; answers of the nodes that replied are used (said once)`);
  };

  /** Asks every other node; resolves with the answers that came in time (none while Redis is away). */
  const ask = (send: (ack: (e: Error | null, answers: unknown[]) => void) => void): Promise<unknown[]> =>
    new Promise((resolve) => {
      if (!link.isUp()) return resolve([]);
      const timer = setTimeout(() => resolve([]), NODE_REPLY_TIMEOUT_MS + ASK_GRACE_MS);
      send((e, answers) => {
        clearTimeout(timer);
        if (e) warnOnce(`a lab node did not answer in time (${e.message})`);
        resolve(answers ?? []);
      });
    });

  const stopPeek = (pageId: string, terminalId: string | null) => {
    const mine = peeks.get(pageId);
    if (!mine) return;
    for (const [id, stop] of mine) {
      if (terminalId !== null && id !== terminalId) continue;
      stop();
      mine.delete(id);
    }
    if (mine.size === 0) peeks.delete(pageId);
    if (peeks.size === 0 && sweep) {
      clearInterval(sweep);
      sweep = null;
    }
  };
  // A peek's page may vanish without a word (its node died): every page this node streams to must still exist on some node.
  const sweepPeeks = async () => {
    for (const pageId of [...peeks.keys()]) {
      if (!link.isUp()) stopPeek(pageId, null);
      else {
        const found = await io
          .in(pageId)
          .fetchSockets()
          .catch(() => null);
        if (found !== null && found.length === 0) stopPeek(pageId, null);
      }
    }
  };
  const terminalOf = (terminalId: string) =>
    sessions
      .everyone()
      .map((s) => s.terminals.get(terminalId))
      .find((t) => t !== undefined);

  io.on(NODE_EVENTS.live, (reply) => reply(workshop.livePart()));
  io.on(NODE_EVENTS.peek, (terminalId, pageId, reply) => {
    const terminal = typeof terminalId === 'string' && typeof pageId === 'string' ? terminalOf(terminalId) : undefined;
    if (!terminal) return reply(null);
    const send = (frame: Uint8Array) => {
      if (link.isUp()) io.serverSideEmit(NODE_EVENTS.peekFrame, pageId, Buffer.from(frame).toString('base64'));
    };
    terminal
      .watch({ output: (data, seq) => send(encodeOutput(terminalId, seq, data)), exit: (code, signal) => send(encodeExit(terminalId, code, signal)) })
      .then((watched) => {
        stopPeek(pageId, terminalId);
        const mine = peeks.get(pageId) ?? peeks.set(pageId, new Map()).get(pageId)!;
        mine.set(terminalId, () => watched.unwatch());
        sweep ??= setInterval(() => void sweepPeeks(), PEEK_SWEEP_MS);
        reply({ terminalId, seq: watched.seq, screen: watched.screen, ...terminal.size });
      })
      .catch((e: unknown) => {
        log.error(`peek at terminal ${terminalId} for another node failed`, e);
        reply(null);
      });
  });
  io.on(NODE_EVENTS.peekFrame, (pageId, frame) => {
    const page = pages.get(pageId);
    if (page && typeof frame === 'string') page.stream.send(Buffer.from(frame, 'base64'));
  });
  io.on(NODE_EVENTS.peekStop, (pageId, terminalId) => {
    if (typeof pageId === 'string' && (terminalId === null || typeof terminalId === 'string')) stopPeek(pageId, terminalId);
  });
  io.on(NODE_EVENTS.endSession, (sessionId, reply) => {
    const session = sessions.everyone().find((s) => s.id === sessionId);
    if (!session) return reply(false);
    sessions.close(session, 'ended by the instructor').then(
      () => reply(true),
      (e: unknown) => {
        log.error(`ending session ${sessionId} for another node failed`, e);
        reply(false);
      },
    );
  });

  return {
    async liveParts() {
      const answers = await ask((ack) => io.serverSideEmit(NODE_EVENTS.live, ack));
      return answers.flatMap((a) => {
        const part = LivePart.safeParse(a);
        if (!part.success) warnOnce('a lab node answered with a picture this node does not understand (another version?)');
        return part.success ? [part.data] : [];
      });
    },
    async observe(terminalId, page) {
      pages.set(page.id, page);
      const answers = await ask((ack) => io.serverSideEmit(NODE_EVENTS.peek, terminalId, page.id, ack));
      for (const a of answers) {
        const observed = ObservedTerminal.safeParse(a);
        if (observed.success) return observed.data;
      }
      return null;
    },
    unobserve(pageId, terminalId) {
      if (terminalId === null) pages.delete(pageId);
      if (link.isUp()) io.serverSideEmit(NODE_EVENTS.peekStop, pageId, terminalId);
    },
    async endSession(sessionId) {
      const answers = await ask((ack) => io.serverSideEmit(NODE_EVENTS.endSession, sessionId, ack));
      return answers.includes(true);
    },
    dispose() {
      for (const pageId of [...peeks.keys()]) stopPeek(pageId, null);
      pages.clear();
      for (const event of Object.values(NODE_EVENTS)) io.removeAllListeners(event);
    },
  };
}
