// Is this socket request from a page of the lab itself? Judged by what browsers send, against cross-site WebSocket hijacking.
import type { IncomingHttpHeaders } from 'node:http';
import { LEARNER_COOKIE, readCookie, TOKEN_COOKIE, type AccessVerdict } from './access';

/** The lab's cookies: all SameSite=Strict, so a browser never sends them with a request a page of another site started. */
const STRICT_COOKIES = [LEARNER_COOKIE, TOKEN_COOKIE];

/**
 * What a browser sends decides, strongest first:
 * - `Origin`, when present, must name this host. Browsers send it on every WebSocket, every
 *   cross-origin request and every POST; a page cannot forge it.
 * - Without Origin (a same-origin GET, such as socket.io's long-polling), `Sec-Fetch-Site`
 *   must say `same-origin`. Browsers set it themselves and pages cannot forge it
 *   (Fetch Metadata, https://www.w3.org/TR/fetch-metadata/); a page of another site gets
 *   `cross-site`, another port or subdomain of this site `same-site`, and both are refused.
 * - With neither (a browser too old for Fetch Metadata), one of the lab's SameSite=Strict
 *   cookies shows the request came from a page of this site.
 * - With none of these it is not a browser page of the lab (curl, a script): refused, with a
 *   reason saying to send an Origin naming the lab — as the lab's own Node clients do.
 * A WebSocket upgrade always carries Origin in a browser, so it is judged by Origin alone.
 */
export function checkSameOrigin(headers: IncomingHttpHeaders, { websocket }: { websocket: boolean }): AccessVerdict {
  const origin = headers.origin;
  const host = headers.host;
  if (!host) return { allowed: false, status: 403, reason: 'the request has no Host header' };
  if (origin !== undefined) return checkOriginHeader(origin, host);
  if (websocket) return { allowed: false, status: 403, reason: 'the connection has no Origin; open the lab in a browser' };
  const site = headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site === 'same-origin') return { allowed: true };
    return { allowed: false, status: 403, reason: `requests from other sites (Sec-Fetch-Site: ${site}) are refused; only pages of the lab itself may connect` };
  }
  if (STRICT_COOKIES.some((name) => readCookie(headers.cookie, name) !== null)) return { allowed: true };
  return { allowed: false, status: 403, reason: 'the connection has no Origin; open the lab in a browser (other clients: send an Origin header naming the lab)' };
}

function checkOriginHeader(origin: string, host: string): AccessVerdict {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    // Includes "null", which sandboxed frames and some redirects send.
    return { allowed: false, status: 403, reason: `the Origin "${origin}" is not a URL; open the lab in a browser` };
  }
  if (originHost.toLowerCase() !== host.toLowerCase()) {
    return { allowed: false, status: 403, reason: `connections from ${origin} are refused; only pages of the lab itself may connect` };
  }
  return { allowed: true };
}
