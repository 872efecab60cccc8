// Security headers for every HTTP response (pages and socket.io's): CSP (no unsafe-eval in production), no framing, no sniffing, no referrer.
import type { ServerResponse } from 'node:http';

export function securityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Next.js inlines its bootstrap scripts, and the layout's theme script runs inline before the first paint.
    // No hash for the latter: with a hash or nonce present, browsers ignore 'unsafe-inline' (CSP Level 2), and
    // Next.js's bootstrap scripts would need per-request nonces. eval is only needed by the dev server's hot reload.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    // xterm.js and Next.js set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' covers the lab's own ws:// and wss:// origin (CSP Level 3).
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // The access token may appear in the first URL; never leak it to another site.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export function setSecurityHeaders(res: ServerResponse, dev: boolean): void {
  for (const [name, value] of Object.entries(securityHeaders(dev))) res.setHeader(name, value);
}
