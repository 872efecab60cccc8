// The HTTP front door: security headers, Host check, secrets (token exchange, secret cookies, guess limit), then the web app (Next.js).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { sameSecret } from '../same-secret';
import { checkHost, LEARNER_COOKIE, learnerOf, TOKEN_COOKIE, type AccessPolicy } from './access';
import { checkSecretCookies } from './edge-gate';
import { answerHealth, refuseWhileDraining, type NodeHealth } from './health';
import { retryHeaders } from './refusal';
import { refusalPage } from './refusal-page';
import { setSecurityHeaders } from './security-headers';
import type { Workshop } from '../workshop/workshop';
import { routeWorkshop, type WorkshopRoute } from './workshop/workshop-routes';

export type WebHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function createRequestHandler(policy: AccessPolicy, dev: boolean, web: WebHandler, workshop: Workshop | null = null, health: NodeHealth | null = null) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res, dev);
    const host = checkHost(policy, req.headers);
    if (!host.allowed) return refuse(res, host.status, host.reason);
    // Probes carry no token or cookie (a kubelet, a balancer): they learn only whether this node serves and takes learners.
    if (health && answerHealth(req, res, health)) return;
    if (health?.draining()) return refuseWhileDraining(res, health.node);

    if (policy.token) {
      const url = new URL(req.url ?? '/', 'http://lab');
      const offered = url.searchParams.get('token');
      if (offered !== null) {
        const address = policy.guesses.addressOf(req);
        if (policy.guesses.blocked(address)) {
          const refusal = policy.guesses.refusal(address);
          return refuse(res, refusal.status, refusal.reason);
        }
        if (!sameSecret(offered, policy.token)) {
          policy.guesses.miss(address, `${TOKEN_COOKIE}=${offered}`);
          return refuse(res, 401, 'that access token is wrong; copy the URL the lab server printed');
        }
        // Exchange the token for an HttpOnly cookie and drop it from the address bar.
        url.searchParams.delete('token');
        res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(policy.token)}; Path=/; HttpOnly; SameSite=Strict`);
        res.writeHead(303, { Location: url.pathname + url.search });
        res.end();
        return;
      }
    }

    // A wrong secret cookie counts as a guess and is cleared, so a stale one (an earlier
    // workshop's) costs one guess, not one per page; a blocked address is refused outright.
    const cookies = checkSecretCookies(req, policy, workshop?.secrets ?? null);
    const clear = (except = '') => {
      for (const name of cookies.wrong) if (!except.startsWith(`${name}=`)) res.appendHeader('Set-Cookie', `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    };
    const wrongWorkshopCookie = cookies.wrong.length > 0 && !cookies.wrong.includes(TOKEN_COOKIE);
    // A wrong workshop cookie alone is not fatal on a page: the page loads for a visitor, and the join link still works.
    if (!cookies.verdict.allowed && !(wrongWorkshopCookie && cookies.verdict.status === 401)) {
      clear();
      return refuse(res, cookies.verdict.status, cookies.verdict.reason);
    }

    // A workshop's join link and instructor link trade their secret for a cookie; the dashboard needs the instructor's.
    const route: WorkshopRoute = workshop ? routeWorkshop(workshop.secrets, req, policy.guesses) : { kind: 'pass' };
    // A redirect that sets a fresh cookie replaces the wrong one of that name instead of clearing it.
    clear(route.kind === 'redirect' ? route.cookie : '');
    if (route.kind === 'refuse') return refuse(res, route.status, route.reason, route.page);
    if (route.kind === 'page') return sendPage(res, 200, route.html);

    // Every browser gets an anonymous learner id before its page opens a socket.
    if (!learnerOf(req.headers)) {
      res.appendHeader('Set-Cookie', `${LEARNER_COOKIE}=${randomBytes(18).toString('base64url')}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000`);
    }
    if (route.kind === 'redirect') {
      res.appendHeader('Set-Cookie', route.cookie);
      res.writeHead(303, { Location: route.location });
      res.end();
      return;
    }
    await web(req, res);
  };
}

/** `page`: a whole page saying why (the workshop's join form); otherwise the refusal page with the reason. */
function refuse(res: ServerResponse, status: number, reason: string, page?: string): void {
  sendPage(res, status, page ?? refusalPage(status, reason), retryHeaders(status, reason));
}

function sendPage(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}
