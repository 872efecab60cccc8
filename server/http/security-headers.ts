// Security headers for every HTTP response: CSP (no unsafe-eval in production), no framing, no sniffing, no referrer.
import type { ServerResponse } from 'node:http';

export function setSecurityHeaders(res: ServerResponse, dev: boolean): void {
  const csp = [
    "default-src 'self'",
    // Next.js inlines its bootstrap scripts; eval is only needed by the dev server's hot reload.
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
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The access token may appear in the first URL; never leak it to another site.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
