// Raw requests at the lab's socket doors (socket.io's engine, terminal streams), with exactly the headers a test chooses.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

/** socket.io's long-polling handshake URL (what a page falls back to when WebSockets are refused). */
export const pollingUrl = (origin: string): string => `${origin}/socket.io/?EIO=4&transport=polling`;
/** socket.io's WebSocket handshake URL. */
export const engineSocketUrl = (origin: string): string => `${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

/** A GET with these headers only (node:http, so Host too can be chosen); the whole answer. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket upgrade with these headers: the refusal (status and reason), or `opened` (the socket is closed again at once). */
export function knock(url: string, headers: Record<string, string> = {}): Promise<Answer | { opened: true }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('error', reject);
  });
}

/** The engine.io session id in a polling handshake's answer, if one was made. */
export const sidOf = (answer: Answer): string | null => /"sid":"([^"]+)"/.exec(answer.body)?.[1] ?? null;

/** POSTs engine.io packets to a long-polling session as a page does (with its Origin, as browsers send on POST); the status. */
export function postPolling(origin: string, sid: string, packets: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${pollingUrl(origin)}&sid=${sid}`, { method: 'POST', headers: { origin, 'content-type': 'text/plain;charset=UTF-8' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(packets);
  });
}

/** Ends a long-polling engine.io session the way a page does (a close packet). */
export const closePolling = async (origin: string, sid: string): Promise<number> => (await postPolling(origin, sid, '1')).status;
