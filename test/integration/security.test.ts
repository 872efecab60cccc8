// The server refuses foreign origins, foreign hosts, missing tokens (before any engine.io connection exists) and malformed payloads, and keeps serving.
import { request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../core/protocol';
import { closePolling, engineSocketUrl, get, knock, pollingUrl, postPolling, sidOf, type Answer } from '../support/edge';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type TestLab } from '../support/lab';
import { request, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { stringContaining, stringMatching } from '../support/matchers';

const SECURITY_HEADERS = {
  'content-security-policy': stringContaining("frame-ancestors 'none'"),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

describe('on loopback', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => lab?.dispose());

  it('refuses a foreign Origin before any engine.io connection exists: WebSocket and polling, 403 with a reason', async () => {
    const evil = { origin: 'http://evil.example' };
    const refusedSocket = await knock(engineSocketUrl(lab.server.origin), evil);
    expect(refusedSocket).toMatchObject({ status: 403, body: stringMatching(/connections from http:\/\/evil.example are refused/) });
    const refusedPoll = await get(pollingUrl(lab.server.origin), evil);
    expect(refusedPoll).toMatchObject({ status: 403, headers: SECURITY_HEADERS });
    expect(sidOf(refusedPoll)).toBeNull();
    const client = connectClient(lab, evil);
    await expect(whenConnected(client)).rejects.toThrow();
    client.close();
    expect(lab.server.engineClients()).toBe(0);
  });

  it('refuses a WebSocket without an Origin, and polling without any sign of a page of the lab', async () => {
    expect(await knock(engineSocketUrl(lab.server.origin), { cookie: newLearnerCookie() })).toMatchObject({ status: 403, body: stringMatching(/no Origin/) });
    const refusedPoll = await get(pollingUrl(lab.server.origin));
    expect(refusedPoll).toMatchObject({ status: 403, body: stringMatching(/no Origin.*send an Origin header/) });
    const client = connectClient(lab, { origin: null });
    await expect(whenConnected(client)).rejects.toThrow();
    client.close();
    expect(lab.server.engineClients()).toBe(0);
  });

  it('refuses a foreign Host on socket.io before any engine.io connection exists (DNS rebinding)', async () => {
    const rebound = { host: 'rebind.example:1234', origin: 'http://rebind.example:1234' };
    expect(await knock(engineSocketUrl(lab.server.origin), rebound)).toMatchObject({ status: 403, body: stringMatching(/loopback only/) });
    const refusedPoll = await get(pollingUrl(lab.server.origin), rebound);
    expect(refusedPoll).toMatchObject({ status: 403 });
    expect(sidOf(refusedPoll)).toBeNull();
    expect(lab.server.engineClients()).toBe(0);
  });

  it('accepts long-polling from its own pages (Sec-Fetch-Site: same-origin, no Origin), with the security headers; refuses other sites', async () => {
    const handshake = await get(pollingUrl(lab.server.origin), { 'sec-fetch-site': 'same-origin' });
    expect(handshake).toMatchObject({ status: 200, headers: SECURITY_HEADERS });
    const sid = sidOf(handshake)!;
    expect(sid).not.toBeNull();
    // socket.io's connect packet (without the lab's auth) goes up as a POST; its answer comes down on the next poll, at once.
    expect(await postPolling(lab.server.origin, sid, '40')).toMatchObject({ status: 200, headers: SECURITY_HEADERS });
    const poll = await get(`${pollingUrl(lab.server.origin)}&sid=${sid}`, { 'sec-fetch-site': 'same-origin' });
    expect(poll).toMatchObject({ status: 200, headers: SECURITY_HEADERS, body: stringMatching(/^44.*protocol version/) });
    // A browser too old for Fetch Metadata still sends the lab's SameSite=Strict cookie from its own pages.
    const older = await get(pollingUrl(lab.server.origin), { cookie: newLearnerCookie() });
    expect(older).toMatchObject({ status: 200 });
    expect(lab.server.engineClients()).toBe(2);
    for (const site of ['cross-site', 'same-site', 'none']) {
      const refused: Answer = await get(pollingUrl(lab.server.origin), { 'sec-fetch-site': site, cookie: newLearnerCookie() });
      expect(refused).toMatchObject({ status: 403, headers: SECURITY_HEADERS, body: stringMatching(new RegExp(`Sec-Fetch-Site: ${site}`)) });
      expect(sidOf(refused)).toBeNull();
    }
    // A cross-site session cannot be continued either.
    expect(await get(`${pollingUrl(lab.server.origin)}&sid=${sid}`, { 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403 });
    expect(lab.server.engineClients()).toBe(2);
    for (const s of [sid, sidOf(older)!]) expect(await closePolling(lab.server.origin, s)).toBe(200);
    await waitUntil(() => lab.server.engineClients() === 0, 'the polling sessions to close');
  });

  it('serves a whole socket.io connection over long-polling without Origin, as a page behind a WebSocket-blocking proxy', async () => {
    const client = io(lab.server.origin, {
      transports: ['polling'],
      extraHeaders: { 'sec-fetch-site': 'same-origin', cookie: newLearnerCookie() },
      auth: { protocolVersion: PROTOCOL_VERSION, streamKey: 'polling-test-stream-key-0123' },
      reconnection: false,
      forceNew: true,
    }) as Socket<ServerToClientEvents, ClientToServerEvents>;
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('connect_error', reject);
      });
      expect(client.io.engine.transport.name).toBe('polling');
      expect(await request(client as never, 'progress:catalogue', {})).toMatchObject({ ok: true });
    } finally {
      client.close();
    }
    await waitUntil(() => lab.server.engineClients() === 0, 'the polling connection to close');
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
    await waitUntil(() => notices.some((n) => n.startsWith('bad_request: map:watch')), 'the map:watch notice');
    await waitUntil(() => notices.some((n) => n.includes('unknown event "no:such:event"')), 'the unknown event notice');
    await waitUntil(() => notices.some((n) => n.startsWith('not_found')), 'the notice about input for no terminal');

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

  it('generates a token and refuses pages and sockets without it, before any engine.io connection exists', async () => {
    expect(lab.server.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(lab.server.url).toContain(`?token=${lab.server.token}`);
    // Health probes answer without a token (a kubelet has none); every other path is refused.
    expect((await fetch(`${lab.server.origin}/`)).status).toBe(401);
    expect((await fetch(`${lab.server.origin}/healthz`)).status).toBe(200);
    const origin = { origin: lab.server.origin };
    expect(await knock(engineSocketUrl(lab.server.origin), origin)).toMatchObject({ status: 401, body: stringMatching(/access token/) });
    const refusedPoll = await get(pollingUrl(lab.server.origin), origin);
    expect(refusedPoll).toMatchObject({ status: 401, headers: SECURITY_HEADERS, body: stringMatching(/access token/) });
    expect(sidOf(refusedPoll)).toBeNull();
    const client = connectClient(lab);
    await expect(whenConnected(client)).rejects.toThrow();
    client.close();
    expect(lab.server.engineClients()).toBe(0);
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
    // Past the gate: this lab serves the socket API only, so the page itself is not found.
    expect((await fetch(`${lab.server.origin}/`, { headers: { cookie: pair } })).status).toBe(404);
    const client = connectClient(lab, { cookie: pair });
    await whenConnected(client);
    client.close();
  });
});
