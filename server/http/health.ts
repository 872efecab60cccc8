// GET /healthz (liveness: this process serves) and GET /readyz (readiness: new learners may be sent here), answered without any secret, as a kubelet or a balancer asks.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeHealth = {
  /** This node's id (NSLAB_NODE_ID), named in both answers so an operator sees which node answered. */
  node: string;
  /** Null when the node can take new learners; otherwise why not (draining, sandboxes cannot start, the database or Redis out of reach). */
  notReady(): string | null;
  /** True once the node drains: pages and new socket connections are turned away, so the balancer moves learners on. */
  draining(): boolean;
};

export const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/** Answers the two health paths (true), or leaves the request to the caller (false). */
export function answerHealth(req: IncomingMessage, res: ServerResponse, health: NodeHealth): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!HEALTH_PATHS.has(path)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { ok: false, node: health.node, reason: `${path} answers GET only` }, { Allow: 'GET, HEAD' });
    return true;
  }
  if (path === '/healthz') {
    sendJson(res, 200, { ok: true, node: health.node, draining: health.draining() });
    return true;
  }
  const reason = health.notReady();
  sendJson(res, reason === null ? 200 : 503, reason === null ? { ok: true, node: health.node } : { ok: false, node: health.node, reason });
  return true;
}

/**
 * A draining node's answer to a page or a new socket connection: 503, which a balancer configured like
 * deploy/nginx/nslab.conf (proxy_next_upstream http_503) takes as "ask another node".
 */
export function refuseWhileDraining(res: ServerResponse, node: string): void {
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5', 'Cache-Control': 'no-store' });
  res.end(`lab node ${node} is going away for maintenance; reload to continue on another node\n`);
}

function sendJson(res: ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
