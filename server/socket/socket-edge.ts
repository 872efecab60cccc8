// The socket edge: the one place that parses client payloads (zod) and turns handler results into replies.
import { z } from 'zod';
import type { Socket } from 'socket.io';
import { err } from '../../core/result';
import {
  MESSAGES,
  PUSH,
  REQUESTS,
  wireError,
  type ClientToServerEvents,
  type MessageName,
  type MessageOf,
  type Reply,
  type ReplyOf,
  type RequestName,
  type RequestOf,
  type ServerToClientEvents,
  type WireError,
} from '../../core/protocol';
import type { Logger } from '../log';

export type LabSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

type RequestHandler<E extends RequestName> = (payload: RequestOf<E>) => Promise<Reply<ReplyOf<E>>> | Reply<ReplyOf<E>>;
type MessageHandler<E extends MessageName> = (payload: MessageOf<E>) => WireError | void;

/** The untyped view of the socket, for registering listeners whose payloads are still `unknown`. */
type RawSocket = { on(event: string, listener: (payload: unknown, ack: unknown) => void): void };

export class SocketEdge {
  private readonly raw: RawSocket;
  /** Refuses events this page may not use (by role), before their payload is even parsed. */
  private guard: (event: string) => WireError | null = () => null;

  constructor(
    private readonly socket: LabSocket,
    private readonly log: Logger,
  ) {
    this.raw = socket;
    // An event outside the contract gets a clear answer instead of silence.
    socket.onAny((event: unknown) => {
      if (typeof event === 'string' && !(event in REQUESTS) && !(event in MESSAGES)) {
        this.notice(wireError('bad_request', `unknown event "${event}"; this page may be out of date, reload it`));
      }
    });
  }

  setGuard(guard: (event: string) => WireError | null): void {
    this.guard = guard;
  }

  onRequest<E extends RequestName>(event: E, handler: RequestHandler<E>): void {
    const schema = REQUESTS[event].request as unknown as z.ZodType<RequestOf<E>>;
    const listener = async (payload: unknown, ack: unknown) => {
      const reply = (r: Reply<ReplyOf<E>>) => {
        if (typeof ack === 'function') (ack as (reply: Reply<ReplyOf<E>>) => void)(r);
        else if (!r.ok) this.notice(r.error);
      };
      const refused = this.guard(event);
      if (refused) return reply(err(refused));
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        reply(err(wireError('bad_request', `${event}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`)));
        return;
      }
      try {
        reply(await handler(parsed.data));
      } catch (e) {
        this.log.error(`${event} failed`, e);
        reply(err(wireError('internal', `${event} failed on the server; it was logged`)));
      }
    };
    this.raw.on(event, (payload, ack) => void listener(payload, ack));
  }

  onMessage<E extends MessageName>(event: E, handler: MessageHandler<E>): void {
    const schema = MESSAGES[event] as unknown as z.ZodType<MessageOf<E>>;
    this.raw.on(event, (payload) => {
      const refused = this.guard(event);
      if (refused) return this.notice(refused);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        this.notice(wireError('bad_request', `${event}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`));
        return;
      }
      this.handle(event, handler, parsed.data);
    });
  }

  /**
   * Runs the handler of one client message, parsed already: a problem it returns becomes a notice,
   * a throw is logged and answered with an `internal` notice, and the server keeps serving.
   * The terminal stream's frames come through here too.
   */
  handle<T>(what: string, handler: (message: T) => WireError | void, message: T): void {
    try {
      const problem = handler(message);
      if (problem) this.notice(problem);
    } catch (e) {
      this.log.error(`${what} failed`, e);
      this.notice(wireError('internal', `${what} failed on the server; it was logged`));
    }
  }

  notice(error: WireError, level: 'info' | 'warning' | 'error' = 'error'): void {
    this.socket.emit(PUSH.serverNotice, { level, error });
  }
}
