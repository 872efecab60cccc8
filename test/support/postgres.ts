// A throwaway PostgreSQL cluster for a test: Debian's server binaries, initdb into a temporary directory, a unix socket only, gone on dispose.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { waitUntil } from './wait';

/** Debian installs each major version's server under /usr/lib/postgresql/<version>/bin. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
/** Longest a fresh cluster may take to accept connections (in milliseconds). */
const START_TIMEOUT_MS = 30_000;
/** Longest the server may take to exit after SIGINT (fast shutdown) before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 10_000;
const SUPERUSER = 'nslab';

/** The newest installed server's bin directory, or null when PostgreSQL's server is not installed. */
export function postgresBinDir(): string | null {
  if (!existsSync(DEBIAN_POSTGRES_ROOT)) return null;
  const versions = readdirSync(DEBIAN_POSTGRES_ROOT)
    .filter((v) => existsSync(path.join(DEBIAN_POSTGRES_ROOT, v, 'bin', 'postgres')) && existsSync(path.join(DEBIAN_POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(DEBIAN_POSTGRES_ROOT, versions[0], 'bin') : null;
}

/** Why a PostgreSQL test cannot run here, or null when it can: a test skips with this reason rather than pass without PostgreSQL. */
export const postgresMissing = (): string | null =>
  postgresBinDir() === null ? `PostgreSQL's server is not installed (no ${DEBIAN_POSTGRES_ROOT}/<version>/bin/postgres; apt-get install postgresql)` : null;

export type ThrowawayPostgres = {
  /** A connection URL to the cluster's `postgres` database, as the superuser. */
  url: string;
  /** Creates an empty database and returns its URL: one per test keeps tests apart without a cluster each. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown: its connections are ended), keeping its data: an outage under a running lab. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same data and socket; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory; safe to call twice. */
  dispose(): Promise<void>;
};

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` system user (or `nobody`). */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to own the test cluster');
}

/** Clusters still running: stopped if the test runner exits before their test could dispose them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

/** Starts a fresh cluster in a temporary directory; throws (after cleaning up) when it cannot. */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresMissing() ?? 'PostgreSQL is not installed');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-pg-'));
  const user = serverUser();
  const as: SpawnOptions = user ? { uid: user.uid, gid: user.gid } : {};
  let server: ChildProcess | null = null;
  let log = '';

  const stop = async () => {
    const s = server;
    server = null;
    if (s && s.exitCode === null && s.signalCode === null) {
      const exited = new Promise<void>((resolve) => s.once('exit', () => resolve()));
      s.kill('SIGINT');
      const timer = setTimeout(() => s.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (s) running.delete(s);
  };
  const dispose = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const data = path.join(dir, 'data');
  const url = `postgresql://${SUPERUSER}@${encodeURIComponent(dir)}/postgres`;
  const launch = async () => {
    // No TCP at all: the socket lives in the cluster's own directory, so parallel test files never meet.
    // fsync off: a throwaway cluster need not survive a power cut, and tests run faster.
    const s = spawn(path.join(bin, 'postgres'), ['-D', data, '-k', dir, '-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'full_page_writes=off'], {
      ...as,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = s;
    running.add(s);
    s.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    s.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitUntil(
      async () => {
        if (s.exitCode !== null || s.signalCode !== null) throw new Error(`postgres exited while starting: ${log}`);
        return canConnect(url);
      },
      () => `the test cluster to accept connections: ${log}`,
      START_TIMEOUT_MS,
    );
  };

  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...as, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
    await launch();
    let databases = 0;
    return {
      url,
      async createDatabase() {
        const name = `test_${++databases}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgresql://${SUPERUSER}@${encodeURIComponent(dir)}/${name}`;
      },
      stop,
      async start() {
        if (server) throw new Error('the test cluster is already running');
        await launch();
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  // A refused connection while the server starts is the expected answer: the wait asks again.
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
