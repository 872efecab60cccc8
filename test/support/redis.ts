// A throwaway Redis for a test: Debian's redis-server on a unix socket in a temporary directory, nothing persisted, gone on dispose.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from './wait';

const REDIS_SERVER = 'redis-server';
/** Longest a fresh server may take to answer PING (in milliseconds). */
const START_TIMEOUT_MS = 15_000;
/** Longest one PING may wait for its answer (in milliseconds). */
const PING_TIMEOUT_MS = 1_000;

/** Why a Redis test cannot run here, or null when it can: a test skips with this reason rather than pass without Redis. */
export const redisMissing = (): string | null => (spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).status === 0 ? null : `redis-server is not installed (apt-get install redis-server)`);

export type ThrowawayRedis = {
  /** The URL a lab takes as NSLAB_REDIS_URL: unix:///…/redis.sock. */
  url: string;
  /** SIGKILL, as a crash: resolves once the server has exited. The directory stays until dispose(). */
  kill(): Promise<void>;
  /** A fresh, empty server on the same socket (after kill(): Redis is back), once it answers. */
  restart(): Promise<void>;
  /** Stops the server and deletes its directory; safe to call twice. */
  dispose(): Promise<void>;
};

/** Servers still running: killed if the test runner exits before their test could dispose them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts a fresh server in a temporary directory; throws (after cleaning up) when it cannot. */
export async function startRedis(): Promise<ThrowawayRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-redis-'));
  const socket = path.join(dir, 'redis.sock');
  let server: ChildProcess | null = null;
  let exit: Promise<void> = Promise.resolve();

  const kill = async () => {
    const s = server;
    if (!s) return;
    if (!exited(s)) s.kill('SIGKILL');
    await exit;
    running.delete(s);
  };
  /** Runs a server on the directory's socket (again, after kill()) and waits for its PONG. */
  const run = async () => {
    await kill();
    // No TCP (port 0), a socket only this user opens, no RDB snapshots, no append-only file:
    // parallel test files never meet, and nothing outlives the directory.
    const s = spawn(REDIS_SERVER, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = s;
    running.add(s);
    exit = new Promise<void>((resolve) => s.once('exit', () => resolve()));
    let log = '';
    s.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    s.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitUntil(
      async () => {
        if (exited(s)) throw new Error(`redis-server exited while starting: ${log}`);
        return ping(socket);
      },
      () => `the test Redis to answer PING: ${log}`,
      START_TIMEOUT_MS,
    );
  };
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await run();
    return { url: `unix://${socket}`, kill, restart: run, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** True when a server on `socket` answers PING with PONG. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    let answer = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      c.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), PING_TIMEOUT_MS);
    // A refused connection while the server starts is the expected answer: the wait asks again.
    c.on('error', () => done(false));
    c.on('connect', () => c.write('PING\r\n'));
    c.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
