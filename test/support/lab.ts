// Starts a real lab server on port 0 (socket layer only, no web app) with a real lab machine, for integration tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { TerminalStream, newStreamKey, streamUrl, type StreamSocket } from '../../core/client/terminal-stream';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../core/protocol';
import { loadConfig } from '../../server/config/config';
import { startLabServer, type LabServer } from '../../server/lab-server';
import { createLogger } from '../../server/log';
import type { LabMachine } from '../../server/machine/machine';
import { createHostMachine } from '../../server/machine/host-machine';
import { createSandboxMachine } from '../../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../../server/machine/sandbox-options';

export type TestLab = {
  server: LabServer;
  machine: LabMachine;
  dataDir: string;
  /** The host uids this lab's sandboxes use, for leak checks that ignore other test runs. */
  uidRange: { uidBase: number; uidLimit: number };
  dispose(): Promise<void>;
};

/** Workshop mode: a fixed join code and instructor token make the test's links predictable. */
export type TestWorkshop = { joinCode: string; instructorToken: string };

export type TestLabOptions = {
  host?: string;
  /** A kind to make, or a machine the test made (the lab disposes it). */
  machine?: 'sandbox' | 'host' | LabMachine;
  env?: Record<string, string>;
  workshop?: TestWorkshop;
  /** Start on this data directory (a restart of an earlier lab); the caller removes it. */
  dataDir?: string;
};

export async function startTestLab(options: TestLabOptions = {}): Promise<TestLab> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'nslab-test-'));
  const workshopEnv = options.workshop ? { NSLAB_WORKSHOP: '1', NSLAB_JOIN_CODE: options.workshop.joinCode, NSLAB_TOKEN: options.workshop.instructorToken } : {};
  const config = loadConfig({ PORT: '0', HOST: options.host ?? '127.0.0.1', NSLAB_DATA_DIR: dataDir, ...workshopEnv, ...options.env }, [], process.cwd());
  if (!config.ok) throw new Error(config.error);
  let machine: LabMachine;
  // Test labs take uid ranges above the default server's; the machine skips ranges other runs hold.
  let uidRange = { uidBase: 0, uidLimit: 0 };
  if (typeof options.machine === 'object') machine = options.machine;
  else if (options.machine === 'host') machine = createHostMachine();
  else {
    const uidBase = DEFAULT_SANDBOX_OPTIONS.uidBase + DEFAULT_SANDBOX_OPTIONS.maxSandboxes * UIDS_PER_SANDBOX;
    const sandbox = await createSandboxMachine({ ...DEFAULT_SANDBOX_OPTIONS, uidBase, maxSandboxes: 16, dataDir: path.join(dataDir, 'sandbox') });
    if (!sandbox.ok) throw new Error(sandbox.error.message);
    machine = sandbox.value;
    uidRange = sandbox.value.uidRange;
  }
  const server = await startLabServer({ config: config.value, machine, log: createLogger(), web: false, root: process.cwd() });
  return {
    server,
    machine,
    dataDir,
    uidRange,
    async dispose() {
      await server.close();
      await machine.dispose();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new anonymous learner's identity cookie, as a browser gets it on its first visit. */
export const newLearnerCookie = (): string => `nslab_learner=${randomBytes(18).toString('base64url')}`;

/** A page's connection as tests drive it: socket.io for requests and pushes, `stream` for terminal I/O. */
export type LabClient = Socket<ServerToClientEvents, ClientToServerEvents> & {
  stream: TerminalStream;
  /** The key this client's handshake named (tests of the stream's own checks open it by hand). */
  streamKey: string;
  /** Settles once socket.io is connected and the terminal stream is open, or with the refusal. */
  ready: Promise<void>;
};

export type ConnectOptions = {
  origin?: string | null;
  cookie?: string;
  protocolVersion?: number;
  url?: string;
  /** false: connect socket.io only, and leave the terminal stream to the test. */
  openStream?: boolean;
  /** `socket.io`: terminal I/O as socket.io events (the fallback where WebSockets are blocked), over long-polling. */
  terminalTransport?: 'direct' | 'socket.io';
};

/** A socket.io client as a browser page of the lab would open it (Origin header and all), unless told otherwise. */
export function connectClient(lab: TestLab, options: ConnectOptions = {}): LabClient {
  return connectTo(options.url ?? lab.server.origin, options);
}

/** The same, to a lab server at `url` (one started as its own process); its terminal stream opens once it connects. */
export function connectTo(url: string, options: ConnectOptions = {}): LabClient {
  const headers: Record<string, string> = {};
  const origin = options.origin === undefined ? url : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.cookie) headers.cookie = options.cookie;
  const streamKey = newStreamKey();
  const viaSocketIo = options.terminalTransport === 'socket.io';
  const socket = io(url, {
    // The fallback is for where WebSockets are blocked: socket.io itself then long-polls.
    transports: viaSocketIo ? ['polling'] : ['websocket'],
    extraHeaders: headers,
    auth: { protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION, streamKey },
    reconnection: false,
    forceNew: true,
  });
  const stream = new TerminalStream((u) => new WebSocket(u, { headers }) as unknown as StreamSocket);
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      if (options.openStream === false) return resolve();
      (viaSocketIo ? stream.openViaSocketIo(socket, 'forced') : stream.open(streamUrl(url, streamKey))).then(resolve, reject);
    });
    socket.once('connect_error', (e) => reject(e));
  });
  // Tests that expect a refusal await `ready` themselves; others must not see an unhandled rejection.
  ready.catch(() => {});
  socket.on('disconnect', () => stream.close());
  return Object.assign(socket, { stream, streamKey, ready });
}

/** Resolves once connected (socket.io and the terminal stream), or rejects with the server's refusal. */
export function whenConnected(client: LabClient): Promise<void> {
  return client.ready;
}
