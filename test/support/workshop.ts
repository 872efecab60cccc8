// Workshop helpers for integration tests: follow a join or instructor link like a browser and keep the cookies it sets.
import type { TestLab } from './lab';

/** Opens `path` on the lab without following the redirect; returns the `name=value` pairs of every cookie set. */
export async function cookiesFrom(lab: TestLab, path: string): Promise<{ status: number; cookie: string; setCookies: string[] }> {
  const res = await fetch(`${lab.server.origin}${path}`, { redirect: 'manual' });
  const setCookies = res.headers.getSetCookie();
  return { status: res.status, cookie: setCookies.map((c) => c.split(';')[0]!).join('; '), setCookies };
}

export const joinAsLearner = (lab: TestLab, code: string) => cookiesFrom(lab, `/join?code=${encodeURIComponent(code)}`);
export const joinAsInstructor = (lab: TestLab, token: string) => cookiesFrom(lab, `/instructor?token=${encodeURIComponent(token)}`);
