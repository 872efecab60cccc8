// Events between lab nodes: two Redis connections (publish, subscribe) for socket.io's Redis adapter, open before the lab serves.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { err, ok, type Result } from '../../core/result';
import type { Logger } from '../log';

/** Longest the first connection may take (in milliseconds): past it the lab does not start. */
const CONNECT_TIMEOUT_MS = 5_000;
/** First wait before reconnecting after Redis went away (in milliseconds); it doubles up to MAX_RECONNECT_DELAY_MS. */
const RECONNECT_DELAY_MS = 50;
/** Longest wait between reconnect attempts (in milliseconds): a Redis that is back is used again within this. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * Longest a node waits for the other nodes' answers to one request (in milliseconds): the instructor's
 * picture, a peek, ending a session. A node that has not answered by then is left out of that answer.
 * Below the instructor requests' own reply timeouts (10 s and more, core/protocol/workshop.ts).
 */
export const NODE_REPLY_TIMEOUT_MS = 2_000;

export type RedisLink = {
  /** The socket.io adapter over these connections (the `adapter` option of socket.io's Server). */
  adapter: ReturnType<typeof createAdapter>;
  /** Both connections are up now: asking the other nodes is worth it (while down, a request would only wait). */
  isUp(): boolean;
  /** Closes both connections; safe to call twice. */
  dispose(): Promise<void>;
};

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'a Redis URL that does not parse';
  }
}

/** node-redis takes redis:// and rediss:// as a URL; a unix socket is given by its path. */
const clientOptions = (url: string) => {
  const socket = { connectTimeout: CONNECT_TIMEOUT_MS };
  return url.startsWith('unix:') ? { socket: { ...socket, path: decodeURIComponent(new URL(url).pathname), tls: false as const } } : { url, socket };
};

/**
 * The adapter sends commands it never awaits (a publish per broadcast, unsubscribing as it closes). While Redis
 * is away they wait in the client's queue and fail when the client is closed; unobserved, each such failure
 * would end the process as an unhandled rejection. So every promise a client method returns to the adapter gets
 * a handler here (an awaiting caller still sees the failure): the node carries on, the outage is logged once.
 */
function observed<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        // Deliberately swallowed: the lost connection was logged once ('error' above); the caller, if it awaits, still gets the rejection.
        if (result instanceof Promise) result.catch(() => {});
        return result;
      };
    },
  });
}

/**
 * Connects both clients. Failing to reach Redis at start is an error the lab stops on (with the reason); once
 * connected, a lost connection is logged once and retried with backoff for as long as the lab runs, while
 * the node keeps serving its own learners (the instructor's view shows this node only until Redis is back).
 */
export async function connectRedis(url: string, log: Logger, channelPrefix: string): Promise<Result<RedisLink, string>> {
  let connected = false;
  let down = false;
  const reconnectStrategy = (retries: number, cause: Error) => (connected ? Math.min(RECONNECT_DELAY_MS * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause);
  const options = clientOptions(url);
  const pub = createClient({ ...options, socket: { ...options.socket, reconnectStrategy } });
  const sub = pub.duplicate();
  const shown = redactRedisUrl(url);
  for (const client of [pub, sub]) {
    client.on('error', (e: unknown) => {
      if (!connected || down) return;
      down = true;
      log.warn(
        `lost the Redis connection to ${shown} (${e instanceof Error ? e.message : String(e)}); this node keeps serving its own learners, and the instructor sees this node only until Redis is back`,
      );
    });
    client.on('ready', () => {
      if (!down || !pub.isReady || !sub.isReady) return;
      down = false;
      log.info(`the Redis connection to ${shown} is back: events between nodes flow again`);
    });
  }
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      // Closing waits for replies still due; a Redis that is gone would keep it waiting, so that one is dropped.
      const closeOne = async (c: typeof pub) => {
        if (c.isReady) await c.close().catch(() => c.destroy());
        else if (c.isOpen) c.destroy();
      };
      await Promise.all([closeOne(pub), closeOne(sub)]);
    })());
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (e) {
    await dispose();
    return err(`cannot reach Redis at ${shown}: ${e instanceof Error ? e.message : String(e)}; check that it runs and NSLAB_REDIS_URL is right`);
  }
  connected = true;
  const adapter = createAdapter(observed(pub), observed(sub), { key: channelPrefix, requestsTimeout: NODE_REPLY_TIMEOUT_MS });
  return ok({ adapter, isUp: () => pub.isReady && sub.isReady, dispose });
}
