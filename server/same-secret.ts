// Compares a secret someone offered with the right one in constant time, so the time taken tells nothing of how much matched.
import { timingSafeEqual } from 'node:crypto';

/** True when `offered` is exactly `secret`; a different length is refused without comparing (that leaks only the length). */
export const sameSecret = (offered: string, secret: string): boolean => {
  const x = Buffer.from(offered);
  const y = Buffer.from(secret);
  return x.length === y.length && timingSafeEqual(x, y);
};
