// useLabSocket: the page's one socket.io connection to the lab server, its state, and typed request/send helpers.
'use client';

import { useEffect, useMemo, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { exposeSocket } from './test-hooks';
import {
  PROTOCOL_VERSION,
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
import { wireParser } from '../../core/protocol/wire-parser';

export type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `ended`: the server refused or closed the connection and socket.io will not retry on its own. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** How long a request may wait for its reply (in milliseconds); starting a sandbox can take a while. */
export const REQUEST_TIMEOUT_MS: Record<RequestName, number> = {
  'session:open': 60_000,
  'session:close': 15_000,
  'terminal:open': 30_000,
  'terminal:resize': 10_000,
  'check:run': 30_000,
  'map:facts': 15_000,
  'session:reset': 60_000,
  'terminal:attach': 15_000,
  'terminal:close': 10_000,
  'progress:catalogue': 10_000,
  'progress:reset': 10_000,
  'learner:profile': 10_000,
  'learner:rename': 10_000,
  'instructor:watch': 10_000,
  'instructor:observe': 15_000,
  'instructor:unobserve': 10_000,
  'instructor:end-session': 30_000,
};

export type LabRequest = <E extends RequestName>(event: E, payload: RequestOf<E>) => Promise<Reply<ReplyOf<E>>>;
export type LabSend = <E extends MessageName>(event: E, payload: MessageOf<E>) => void;

export type LabConnection = {
  socket: LabSocket | null;
  state: ConnectionState;
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

/** `exposeForTests: false` for a page's secondary connections (catalogue badges, the name control): tests drive the main one. */
export function useLabSocket({ exposeForTests = true }: { exposeForTests?: boolean } = {}): LabConnection {
  const [socket, setSocket] = useState<LabSocket | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [endReason, setEndReason] = useState<string | null>(null);
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
    // WebSocket first (no long-polling handshake and upgrade); polling only if WebSockets fail.
    const s: LabSocket = io({ transports: ['websocket', 'polling'], tryAllTransports: true, auth, parser: wireParser });
    const onConnect = () => {
      setState('live');
      setEndReason(null);
      setEpoch((n) => n + 1);
    };
    const onDisconnect = (reason: Socket.DisconnectReason) => {
      // After a server-side disconnect socket.io does not reconnect by itself.
      setState(s.active ? 'reconnecting' : 'ended');
      if (reason === 'io server disconnect') setEndReason('The lab server closed the connection.');
    };
    const onConnectError = (error: Error) => {
      // `active` is false when the server's middleware refused us (bad token, foreign origin, old protocol).
      if (s.active) return setState((prev) => (prev === 'connecting' ? 'connecting' : 'reconnecting'));
      setState('ended');
      setEndReason(error.message);
    };
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onConnectError);
    setSocket(s);
    const withdraw = exposeForTests ? exposeSocket(s as unknown as Parameters<typeof exposeSocket>[0]) : () => {};
    return () => {
      withdraw();
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onConnectError);
      s.disconnect();
      setSocket(null);
    };
  }, [exposeForTests]);

  // request/send/reconnect change only with the socket, so effects that use them do not rerun on state changes.
  const api = useMemo(() => {
    const request: LabRequest = (event, payload) =>
      new Promise((resolve) => {
        if (!socket) return resolve(notConnected());
        // socket.io's typings cannot follow a generic event name through `timeout().emit`; the
        // reply's shape is guaranteed by the wire contract (ClientToServerEvents) instead.
        const timed = socket.timeout(REQUEST_TIMEOUT_MS[event]);
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

  return useMemo(() => ({ ...api, socket, state, endReason, epoch }), [api, socket, state, endReason, epoch]);
}

const notConnected = () =>
  ({ ok: false, error: { code: 'internal', message: 'Not connected to the lab server yet.' } }) as const;

const timedOut = (event: RequestName) =>
  ({
    ok: false,
    error: { code: 'internal', message: `The lab server did not answer "${event}" in time. Is it still running?` },
  }) as const;
