// Admission at engine.io's door: a request is judged before engine.io builds a session or accepts a WebSocket for it.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { checkHost, type AccessPolicy, type AccessVerdict } from '../../http/access';
import { admitSocket } from '../../http/edge-gate';
import { refuseRequest, refuseUpgrade, retryHeaders } from '../../http/refusal';
import { checkSameOrigin } from '../../http/same-origin';
import { securityHeaders } from '../../http/security-headers';
import type { Logger } from '../../log';
import type { WorkshopSecrets } from '../../workshop/workshop-access';

type EngineMiddleware = (req: IncomingMessage, res: ServerResponse | { socket: NetSocket }, next: (err?: Error) => void) => void;

/**
 * engine.io runs its middlewares on every request and upgrade before it looks at them (before
 * `allowRequest`, before a handshake or a WebSocket), so a refusal here leaves nothing behind.
 * A refused request is answered here and goes no further (`next` is never called).
 */
export function gateEngine(engine: { use(fn: EngineMiddleware): void }, policy: AccessPolicy, workshop: WorkshopSecrets | null, log: Logger): void {
  const headers = securityHeaders(false);
  engine.use((req, res, next) => {
    const verdict = hasSession(req) ? admitSessionRequest(req, policy) : admitSocket(req, policy, workshop);
    if (verdict.allowed) return next();
    log.warn(`socket refused from ${req.socket.remoteAddress}: ${verdict.reason}`);
    const extra = { ...headers, ...retryHeaders(verdict.status, verdict.reason) };
    if (res instanceof ServerResponse) refuseRequest(res, verdict.status, verdict.reason, extra);
    else refuseUpgrade(res.socket, verdict.status, verdict.reason, extra);
  });
}

/** A request of a session engine.io already admitted (it names its `sid`): Host and origin still hold; its secrets were judged at the handshake. */
function admitSessionRequest(req: IncomingMessage, policy: AccessPolicy): AccessVerdict {
  const host = checkHost(policy, req.headers);
  if (!host.allowed) return host;
  return checkSameOrigin(req.headers, { websocket: (req.headers.upgrade ?? '').toLowerCase() === 'websocket' });
}

const hasSession = (req: IncomingMessage): boolean => new URL(req.url ?? '/', 'http://lab').searchParams.has('sid');
