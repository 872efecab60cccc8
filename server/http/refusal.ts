// Refusals as plain text with a reason, for requests answered before (or instead of) a web page: sockets, streams, polling.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' };

/** Refuses a plain HTTP request; `extra` carries e.g. security headers or Retry-After. */
export function refuseRequest(res: ServerResponse, status: number, reason: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${reason}\n`);
}

/** Refuses a WebSocket upgrade with an HTTP answer before any WebSocket exists, and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, extra: Record<string, string> = {}): void {
  const head = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}`, 'Connection: close', 'Content-Type: text/plain; charset=utf-8'];
  for (const [name, value] of Object.entries(extra)) head.push(`${name}: ${value}`);
  // The peer may already be gone; its error has nowhere to go.
  socket.on('error', () => {});
  socket.end(`${head.join('\r\n')}\r\n\r\n${reason}\n`);
}

/** A 429 says when to come back. */
export const retryHeaders = (status: number, reason: string): Record<string, string> => {
  const seconds = status === 429 ? /(\d+) s\b/.exec(reason)?.[1] : undefined;
  return seconds ? { 'Retry-After': seconds } : {};
};
