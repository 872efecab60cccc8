// useLabSocket: the page's one connection to the lab server (socket.io, and the terminal stream beside it while the page shows terminals), its state, and typed request/send helpers.
'use client';

import { useEffect, useMemo, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { refusalReason } from './refusal-reason';
import { exposeSocket } from '../terminal/test-hooks';
import type { TerminalDemand } from './terminal-demand';
import { TerminalStream, newStreamKey, streamUrl, type StreamSocket } from '../../core/client/terminal-stream';
import { TransportChoice, forcedBy } from '../../core/client/transport-choice';
import {
  PROTOCOL_VERSION,
  REQUESTS,
  type FallbackReason,
  type TerminalTransport,
  type ClientToServerEvents,
  type HandshakeAuth,
  type MessageName,
  type MessageOf,
  type Reply,
  type ReplyOf,
  type RequestName,
  type RequestOf,
  type ServerToClientEvents,
} from '../../core/protocol';

export type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `ended`: the server refused or closed the connection and socket.io will not retry on its own. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export type LabRequest = <E extends RequestName>(event: E, payload: RequestOf<E>) => Promise<Reply<ReplyOf<E>>>;
export type LabSend = <E extends MessageName>(event: E, payload: MessageOf<E>) => void;

export type LabConnection = {
  socket: LabSocket | null;
  /** Terminal output in, keystrokes and acks out; open whenever `state` is `live` and terminals are wanted. */
  stream: TerminalStream | null;
  state: ConnectionState;
  /** How terminal I/O travels while `live` (the terminal stream, or socket.io where that cannot connect), and why it fell back. */
  transport: { kind: TerminalTransport; reason: FallbackReason | null } | null;
  /** Why the connection ended, when the server said so (e.g. a protocol mismatch). */
  endReason: string | null;
  /** Increases on every (re)connect: a new value means sessions and terminals must be reopened. */
  epoch: number;
  request: LabRequest;
  send: LabSend;
  /** Reconnect after `ended`. */
  reconnect: () => void;
};

type AckedEmit = (event: RequestName, payload: unknown, ack: (err: Error | null, reply: unknown) => void) => void;

/**
 * Opens the page's one connection (the root layout does, in LabConnectionProvider). Its terminal
 * stream is open only while `demand` is wanted: a page that shows no terminal opens none.
 */
export function useLabSocket(demand: TerminalDemand): LabConnection {
  const [socket, setSocket] = useState<LabSocket | null>(null);
  const [stream, setStream] = useState<TerminalStream | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [endReason, setEndReason] = useState<string | null>(null);
  const [epoch, setEpoch] = useState(0);
  const [transport, setTransport] = useState<LabConnection['transport']>(null);

  useEffect(() => {
    // Each handshake names a fresh stream key; the terminal stream then connects with it.
    let streamKey = '';
    const auth = (cb: (auth: HandshakeAuth) => void) => {
      streamKey = newStreamKey();
      cb({ protocolVersion: PROTOCOL_VERSION, streamKey });
    };
    // WebSocket first (no long-polling handshake and upgrade); polling only if WebSockets fail.
    const s: LabSocket = io({ transports: ['websocket', 'polling'], tryAllTransports: true, auth });
    const terminals = new TerminalStream(browserStreamSocket);
    const choice = new TransportChoice(forcedBy(window.location.search));
    /** Whether this connection's terminal stream is open or opening (it was wanted when it was last asked). */
    let streamAsked = false;
    /** Set while the page itself drops and reopens the connection, which is then `connecting`, not `ended`. */
    let renewing = false;
    /** Drops the socket.io transport, so socket.io reconnects both (with its backoff) and the terminals reattach. */
    const reconnectBoth = () => {
      if (s.connected) s.io.engine?.close();
    };
    terminals.onLost = () => {
      choice.lost();
      reconnectBoth();
    };
    const live = () => {
      setState('live');
      setEndReason(null);
      setTransport(streamAsked && terminals.transport ? { kind: terminals.transport, reason: choice.reason } : null);
      setEpoch((n) => n + 1);
    };
    /** The terminal stream for this connection: directly, or where that cannot connect, on socket.io itself. */
    const openTerminals = async (key: string): Promise<void> => {
      if (choice.next === 'direct') {
        const origin = `${window.location.protocol}//${window.location.host}`;
        try {
          return await terminals.open(streamUrl(origin, key));
        } catch {
          // Refused (a proxy answering the upgrade with 403), broken, or never answered.
          choice.refused();
          if (!s.connected || key !== streamKey) throw new Error('the connection dropped while the terminal stream opened');
        }
      }
      await terminals.openViaSocketIo(s, choice.reason ?? 'refused');
    };
    /** Opens the terminal stream on the connected socket (its key was registered at the handshake), then goes live again. */
    const openStream = () => {
      streamAsked = true;
      const key = streamKey;
      openTerminals(key).then(() => {
        // The connection may have dropped (and come back with another key) while the stream opened.
        if (s.connected && key === streamKey) live();
      }, reconnectBoth);
    };
    const onConnect = () => {
      streamAsked = false;
      if (demand.wanted) openStream();
      else live();
    };
    /**
     * Terminals came on screen or left it (a client-side navigation, or the first render of a lesson
     * that hydrated after the connection opened): open the stream on this same connection, or, once
     * no part shows terminals, start a fresh connection without one (the server ends a page's
     * connection when its stream closes). Checked once the current render's effects have all run.
     */
    let syncQueued = false;
    const sync = () => {
      syncQueued = false;
      if (!s.connected || demand.wanted === streamAsked) return;
      if (demand.wanted) {
        setState('connecting');
        return openStream();
      }
      renewing = true;
      s.disconnect();
      s.connect();
    };
    const stopWatchingDemand = demand.onChange(() => {
      if (syncQueued) return;
      syncQueued = true;
      queueMicrotask(sync);
    });
    const onDisconnect = (reason: Socket.DisconnectReason) => {
      terminals.close();
      streamAsked = false;
      setTransport(null);
      if (renewing) {
        renewing = false;
        return setState('connecting');
      }
      // After a server-side disconnect socket.io does not reconnect by itself.
      setState(s.active ? 'reconnecting' : 'ended');
      if (reason === 'io server disconnect') setEndReason('The lab server closed the connection.');
    };
    const onConnectError = (error: Error) => {
      // Refused at the server's door (foreign origin, token, too many guesses): say why, stop retrying.
      const refused = refusalReason(error);
      if (refused) {
        s.disconnect();
        setState('ended');
        return setEndReason(refused);
      }
      // `active` is false when the server's middleware refused us (old protocol).
      if (s.active) return setState((prev) => (prev === 'connecting' ? 'connecting' : 'reconnecting'));
      setState('ended');
      setEndReason(error.message);
    };
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onConnectError);
    // The connection is created here and closed by the cleanup; state hands it to the render that uses it.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a resource this effect owns, published once created
    setSocket(s);
    setStream(terminals);
    const withdraw = exposeSocket(s);
    return () => {
      withdraw();
      stopWatchingDemand();
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onConnectError);
      terminals.close();
      s.disconnect();
      setSocket(null);
      setStream(null);
    };
  }, [demand]);

  // request/send/reconnect change only with the socket, so effects that use them do not rerun on state changes.
  const api = useMemo(() => {
    const request: LabRequest = (event, payload) =>
      new Promise((resolve) => {
        if (!socket) return resolve(notConnected());
        // socket.io's typings cannot follow a generic event name through `timeout().emit`; the
        // reply's shape is guaranteed by the wire contract (ClientToServerEvents) instead.
        const timed = socket.timeout(REQUESTS[event].timeoutMs);
        (timed.emit as unknown as AckedEmit).call(timed, event, payload, (err, reply) => {
          if (err) return resolve(timedOut(event));
          resolve(reply as Reply<ReplyOf<typeof event>>);
        });
      });
    const send: LabSend = (event, payload) => {
      // Dropped while disconnected: buffered keystrokes would reach a shell the learner no longer sees.
      if (!socket?.connected) return;
      (socket.emit as (event: MessageName, payload: unknown) => void)(event, payload);
    };
    const reconnect = () => {
      if (!socket) return;
      setState('connecting');
      socket.connect();
    };
    return { request, send, reconnect };
  }, [socket]);

  return useMemo(() => ({ ...api, socket, stream, state, transport, endReason, epoch }), [api, socket, stream, state, transport, endReason, epoch]);
}

/** A browser WebSocket for the terminal stream, handing binary messages over as ArrayBuffers (not Blobs). */
function browserStreamSocket(url: string): StreamSocket {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  return ws as unknown as StreamSocket;
}

const notConnected = () => ({ ok: false, error: { code: 'internal', message: 'Not connected to the lab server yet.' } }) as const;

const timedOut = (event: RequestName) =>
  ({
    ok: false,
    error: { code: 'internal', message: `The lab server did not answer "${event}" in time. Is it still running?` },
  }) as const;
