// Workshop helpers: follow a join or instructor link like a browser and keep its cookies; learners without a browser; a workshop lab process and its links.
import type { Page } from 'playwright-core';
import { connectClient, connectTo, newLearnerCookie, whenConnected, type LabClient, type TestLab, type TestWorkshop } from './lab';
import { startLabProcess, type LabProcess } from './lab-process';
import { requestOk } from './terminal-client';
import { waitUntil } from './wait';

/** Opens `path` on the lab without following the redirect; returns the `name=value` pairs of every cookie set. */
export async function cookiesFrom(lab: TestLab, path: string): Promise<{ status: number; cookie: string; setCookies: string[] }> {
  const res = await fetch(`${lab.server.origin}${path}`, { redirect: 'manual' });
  const setCookies = res.headers.getSetCookie();
  return { status: res.status, cookie: setCookies.map((c) => c.split(';')[0]!).join('; '), setCookies };
}

export const joinAsLearner = (lab: TestLab, code: string) => cookiesFrom(lab, `/join?code=${encodeURIComponent(code)}`);
export const joinAsInstructor = (lab: TestLab, token: string) => cookiesFrom(lab, `/instructor?token=${encodeURIComponent(token)}`);

/**
 * A learner of a workshop as their page would be, without a browser: joined (the join cookie),
 * named, online, optionally with `lesson` open and `failures` wrong checks on its first step.
 * For rooms larger than a test can drive in real browsers; everything goes through the lab's own requests.
 */
export async function socketLearner(origin: string, joinCode: string, name: string, lesson: string | null = null, failures = 0): Promise<LabClient> {
  const client = connectTo(origin, { cookie: `${newLearnerCookie()}; nslab_joined=${encodeURIComponent(joinCode)}`, openStream: false });
  await client.ready;
  await requestOk(client, 'learner:rename', { displayName: name });
  if (lesson === null) return client;
  const session = await requestOk(client, 'session:open', { lesson });
  const step = session.progress.current!;
  for (let i = 0; i < failures; i++) await requestOk(client, 'check:run', { sessionId: session.sessionId, stepId: step });
  return client;
}

/** Socket clients of a test lab's workshop, each joined as its page would be; `close()` ends them all (call it in afterAll). */
export function workshopClients(lab: TestLab, workshop: TestWorkshop) {
  const clients: LabClient[] = [];
  const connect = async (cookie?: string): Promise<LabClient> => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };
  return {
    /** A page with `cookie`, or a visitor with none. */
    connect,
    /** A new learner who followed the join link. */
    learner: async () => connect((await joinAsLearner(lab, workshop.joinCode)).cookie),
    /** The instructor, who followed the instructor link. */
    instructor: async () => connect((await joinAsInstructor(lab, workshop.instructorToken)).cookie),
    close: () => {
      for (const c of clients) c.close();
    },
  };
}

/** A workshop lab as `npm start` runs it, with the links it printed: the join code and the instructor's path (with its token). */
export type WorkshopLab = { lab: LabProcess; origin: string; joinCode: string; instructorPath: string };

/** Starts a workshop lab process and reads its links; stops it again when they never come. */
export async function startWorkshopLab(env: Record<string, string> = {}): Promise<WorkshopLab> {
  const lab = await startLabProcess({ NSLAB_WORKSHOP: '1', ...env });
  try {
    // The workshop's links are printed right after the ready line.
    await waitUntil(
      () => /nslab instructor: \S+/.test(lab.output()),
      () => `the lab to print its instructor URL; it printed:\n${lab.output()}`,
      30_000,
    );
  } catch (e) {
    await lab.stop();
    throw e;
  }
  const printed = new URL(/nslab instructor: (\S+)/.exec(lab.output())![1]!);
  return { lab, origin: `http://127.0.0.1:${new URL(lab.url).port}`, joinCode: /\(join code (\S+)\)/.exec(lab.output())![1]!, instructorPath: printed.pathname + printed.search };
}

/** A learner in Chromium follows the join link and gives their name, as they would in the room. */
export async function joinInBrowser(page: Page, room: WorkshopLab, name: string): Promise<void> {
  await page.goto(`${room.origin}/join?code=${room.joinCode}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}
