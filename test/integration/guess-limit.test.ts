// One guess limit per address on every path: wrong join codes, instructor tokens and access tokens counted together over HTTP, socket.io and the terminal stream.
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_PATH } from '../../core/protocol';
import { MAX_WRONG_GUESSES } from '../../server/http/guess-limiter';
import { engineSocketUrl, get, knock, pollingUrl } from '../support/edge';
import { connectClient, startTestLab, whenConnected, type TestLab } from '../support/lab';
import { joinAsInstructor, joinAsLearner } from '../support/workshop';
import { objectContaining, stringMatching } from '../support/matchers';

const WORKSHOP = { joinCode: 'JOIN-guess-42', instructorToken: 'instructor-token-for-guess-tests-0123' };
/** Three doors of the same kind of refusal: socket.io's WebSocket and polling handshakes, and the terminal stream's upgrade. */
const doors = (origin: string) => ({
  socket: (cookie: string) => knock(engineSocketUrl(origin), { origin, cookie }),
  polling: (cookie: string) => get(pollingUrl(origin), { origin, cookie }),
  stream: (cookie: string) => knock(`${origin.replace(/^http/, 'ws')}${STREAM_PATH}?key=any-key-0123456789`, { origin, cookie }),
});

describe('in a workshop', () => {
  let lab: TestLab | undefined;
  afterEach(async () => {
    await lab?.dispose();
    lab = undefined;
  });

  it('counts guesses on socket.io, the terminal stream and HTTP together, then refuses every path, even the right secrets', async () => {
    lab = await startTestLab({ machine: 'host', host: '0.0.0.0', workshop: WORKSHOP });
    const { origin } = lab.server;
    const door = doors(origin);
    expect(MAX_WRONG_GUESSES).toBe(10);
    for (let i = 0; i < 3; i++) expect(await door.socket(`nslab_joined=guess-socket-${i}`)).toMatchObject({ status: 401, body: stringMatching(/join cookie is not this workshop/) });
    for (let i = 0; i < 2; i++) expect(await door.polling(`nslab_instructor=guess-polling-${i}`)).toMatchObject({ status: 401, body: stringMatching(/instructor cookie is not this workshop/) });
    for (let i = 0; i < 3; i++) expect(await door.stream(`nslab_joined=guess-stream-${i}`)).toMatchObject({ status: 401 });
    expect((await joinAsLearner(lab, 'guess-http-0')).status).toBe(401);
    expect((await joinAsInstructor(lab, 'guess-http-1')).status).toBe(401);
    expect(lab.server.engineClients()).toBe(0);

    // Ten different wrong secrets: now every path refuses whatever this address offers, for the rest of the window.
    const blocked = {
      status: 429,
      body: stringMatching(/too many wrong join codes or tokens.*try again in \d+ s/),
      headers: objectContaining({ 'retry-after': stringMatching(/^\d+$/) }),
    };
    const joined = `nslab_joined=${WORKSHOP.joinCode}`;
    const instructor = `nslab_instructor=${WORKSHOP.instructorToken}`;
    expect((await joinAsLearner(lab, WORKSHOP.joinCode)).status).toBe(429);
    expect((await joinAsInstructor(lab, WORKSHOP.instructorToken)).status).toBe(429);
    expect((await fetch(`${origin}/`, { headers: { cookie: joined } })).status).toBe(429);
    expect(await door.socket(joined)).toMatchObject(blocked);
    expect(await door.polling(instructor)).toMatchObject(blocked);
    expect(await door.stream(joined)).toMatchObject(blocked);
    const client = connectClient(lab, { cookie: joined });
    await expect(whenConnected(client)).rejects.toThrow();
    client.close();
    expect(lab.server.engineClients()).toBe(0);

    // A visitor offering no secret guesses nothing and still gets the catalogue.
    const visitor = connectClient(lab);
    await whenConnected(visitor);
    visitor.close();
  });

  it('refuses wrong instructor cookies at the handshake; a stale cookie retried by a reconnecting page counts once', async () => {
    lab = await startTestLab({ machine: 'host', host: '0.0.0.0', workshop: WORKSHOP });
    const door = doors(lab.server.origin);
    const wrongInstructor = connectClient(lab, { cookie: 'nslab_instructor=an-old-instructor-token' });
    await expect(whenConnected(wrongInstructor)).rejects.toThrow();
    wrongInstructor.close();
    for (let i = 0; i < 3 * MAX_WRONG_GUESSES; i++) expect(await door.socket('nslab_joined=YESTERDAYS-CODE')).toMatchObject({ status: 401 });
    // Two different wrong values so far: the learner's join link and cookie still work.
    const joined = await joinAsLearner(lab, WORKSHOP.joinCode);
    expect(joined.status).toBe(303);
    const learner = connectClient(lab, { cookie: joined.cookie });
    await whenConnected(learner);
    learner.close();
  });

  it('clears a stale join cookie on a page: one guess, and the page loads for a visitor', async () => {
    lab = await startTestLab({ machine: 'host', host: '0.0.0.0', workshop: WORKSHOP });
    // This lab serves the socket API only: past the gate, the page is not found (rather than refused).
    const res = await fetch(`${lab.server.origin}/`, { headers: { cookie: 'nslab_joined=YESTERDAYS-CODE' } });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toContainEqual(stringMatching(/^nslab_joined=; .*Max-Age=0/));
  });
});

describe('with an access token', () => {
  let lab: TestLab | undefined;
  afterEach(async () => {
    await lab?.dispose();
    lab = undefined;
  });

  it('counts wrong tokens in the URL and in cookies over socket.io and the terminal stream together', async () => {
    lab = await startTestLab({ machine: 'host', host: '0.0.0.0' });
    const { origin, url } = lab.server;
    const door = doors(origin);
    for (let i = 0; i < 4; i++) expect((await fetch(`${origin}/?token=guess-url-${i}`, { redirect: 'manual' })).status).toBe(401);
    for (let i = 0; i < 3; i++) expect(await door.socket(`nslab_token=guess-socket-${i}`)).toMatchObject({ status: 401, body: stringMatching(/not the lab’s/) });
    for (let i = 0; i < 3; i++) expect(await door.stream(`nslab_token=guess-stream-${i}`)).toMatchObject({ status: 401 });
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(429);
    expect(await door.polling(`nslab_token=${lab.server.token}`)).toMatchObject({ status: 429 });
    expect(lab.server.engineClients()).toBe(0);
  });
});
