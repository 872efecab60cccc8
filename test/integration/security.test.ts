// The server refuses foreign origins, missing tokens and malformed payloads, and keeps serving.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../core/protocol';
import { connectClient, startTestLab, whenConnected, type TestLab } from '../support/lab';
import { request, TerminalClient } from '../support/terminal-client';

describe('on loopback', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => lab?.dispose());

  it('refuses a socket from a forged Origin', async () => {
    const client = connectClient(lab, { origin: 'http://evil.example' });
    await expect(whenConnected(client)).rejects.toThrow(/refused/);
    client.close();
  });

  it('refuses a socket without an Origin', async () => {
    const client = connectClient(lab, { origin: null });
    await expect(whenConnected(client)).rejects.toThrow(/Origin/);
    client.close();
  });

  it('refuses a page asked for by a foreign host name (DNS rebinding)', async () => {
    // fetch() always sends the real Host, so ask with node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${lab.server.origin}/healthz`, { headers: { host: 'rebind.example:1234' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses another protocol version with a clear reason', async () => {
    const client = connectClient(lab, { protocolVersion: PROTOCOL_VERSION + 1 });
    await expect(whenConnected(client)).rejects.toThrow(/reload the page/);
    client.close();
  });

  it('answers malformed payloads with an error and keeps serving', async () => {
    const client = connectClient(lab);
    await whenConnected(client);
    const notices: string[] = [];
    client.on('server:notice', (n) => notices.push(`${n.error.code}: ${n.error.message}`));

    const bad = await request(client, 'session:open', { lesson: 42 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const missing = await request(client, 'session:open', { lesson: 'no-such-lesson' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const huge = await request(client, 'terminal:resize', { terminalId: 'x', cols: 1e9, rows: -1 });
    expect(huge).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    (client.emit as unknown as (e: string, p: unknown) => void)('map:watch', 'not an object');
    (client.emit as unknown as (e: string, p: unknown) => void)('no:such:event', {});
    client.stream.input('nope', 'ls\r');
    await new Promise((r) => setTimeout(r, 300));
    expect(notices.some((n) => n.startsWith('bad_request: map:watch'))).toBe(true);
    expect(notices.some((n) => n.includes('unknown event "no:such:event"'))).toBe(true);
    expect(notices.some((n) => n.startsWith('not_found'))).toBe(true);

    // Still serving: the same connection gets a working shell.
    const term = await TerminalClient.open(client, 'uts');
    expect((await term.run('echo still-$((40+2))')).trim()).toBe('still-42');
    client.close();
  });

  it('sends security headers', async () => {
    const res = await fetch(`${lab.server.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('beyond loopback', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ host: '0.0.0.0' });
  });
  afterAll(async () => lab?.dispose());

  it('generates a token and refuses pages and sockets without it', async () => {
    expect(lab.server.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(lab.server.url).toContain(`?token=${lab.server.token}`);
    expect((await fetch(`${lab.server.origin}/healthz`)).status).toBe(401);
    const client = connectClient(lab);
    await expect(whenConnected(client)).rejects.toThrow(/access token/);
    client.close();
  });

  it('exchanges the token for an HttpOnly SameSite=Strict cookie that opens the socket', async () => {
    const wrong = await fetch(`${lab.server.origin}/?token=wrong-token-value-123`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const res = await fetch(lab.server.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    expect((await fetch(`${lab.server.origin}/healthz`, { headers: { cookie: pair } })).status).toBe(200);
    const client = connectClient(lab, { cookie: pair });
    await whenConnected(client);
    client.close();
  });
});
