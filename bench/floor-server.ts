// The floor: the plainest Node WebSocket terminal server (ws + node-pty, no batching, no flow control), run by the benchmark as a child process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as pty from 'node-pty';
import { WebSocketServer } from 'ws';
import { spawnBenchShell } from './bench-shell';

const shells = new Set<pty.IPty>();

function kill(shell: pty.IPty): void {
  shells.delete(shell);
  try {
    shell.kill('SIGKILL');
  } catch {
    // Already gone: nothing left to kill.
  }
}

const server = http.createServer((_request, response) => response.writeHead(426).end());
const sockets = new WebSocketServer({ server, perMessageDeflate: false });

sockets.on('connection', (socket) => {
  // The same shell as the raw pty's.
  const shell = spawnBenchShell();
  shells.add(shell);
  // Every chunk (a Buffer: encoding null, though typed string) goes out at once as one binary frame.
  shell.onData((data) => {
    if (socket.readyState === socket.OPEN) socket.send(data, { binary: true });
  });
  shell.onExit(() => {
    shells.delete(shell);
    socket.close();
  });
  socket.on('message', (data) => shell.write((data as Buffer).toString('utf8')));
  socket.on('close', () => kill(shell));
});

let stopping = false;
function shutdown(): void {
  if (stopping) return;
  stopping = true;
  for (const shell of [...shells]) kill(shell);
  for (const socket of sockets.clients) socket.terminate();
  sockets.close();
  server.close(() => process.exit(0));
}

process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
// The benchmark holds our stdin open; its end means the benchmark is gone (even SIGKILLed), so no shell outlives it.
process.stdin.on('end', shutdown);
process.stdin.resume();

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
