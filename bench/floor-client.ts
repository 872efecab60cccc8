// Starts the floor server (bench/floor-server.ts) as a child process and opens terminals on it with a plain ws client.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { sleep } from './stats';
import { waitForPrompt, type Tty } from './tty';

export type FloorTerminal = Tty & { dispose(): void };

export type Floor = {
  /** The server's process id (node runs it directly, no wrapper). */
  pid: number;
  /** Connects, which spawns a shell on the server, and resolves at its prompt. */
  open(): Promise<FloorTerminal>;
  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; safe to call twice. */
  stop(): Promise<void>;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startFloor(): Promise<Floor> {
  // One node process, no tsx wrapper: the pid we signal is the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'floor-server.ts')], {
    cwd: root,
    // stdin stays open for the server's life: when this process dies in any way, the server sees it end and exits.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  // Whatever happens to the benchmark, the server goes with it.
  const killOnExit = () => {
    if (isRunning()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (!isRunning()) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
    if (isRunning()) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the floor server did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
      child.stdout.on('data', () => {
        const m = /^(\d+)\n/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the floor server exited with ${code ?? signal}:\n${output}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { pid: child.pid!, open: () => openTerminal(`ws://127.0.0.1:${port}/`), stop };
}

async function openTerminal(url: string): Promise<FloorTerminal> {
  const listeners = new Set<(data: Buffer) => void>();
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const terminal: FloorTerminal = {
    // A string goes out as a text frame.
    write: (data) => socket.send(data),
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      socket.close();
    },
  };
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    for (const l of [...listeners]) l(data as Buffer);
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // Later failures (the server gone) surface as output that never comes, i.e. the measurement's timeout.
  socket.on('error', () => undefined);
  try {
    // Promise.all also handles the prompt's timeout when the connection failed first.
    await Promise.all([opened, waitForPrompt(terminal)]);
  } catch (e) {
    terminal.dispose();
    throw e;
  }
  return terminal;
}
