// Workshop helpers for integration tests: follow a join or instructor link like a browser and keep the cookies it sets; learners without a browser.
import { connectTo, newLearnerCookie, type LabClient, type TestLab } from './lab';
import { requestOk } from './terminal-client';

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
