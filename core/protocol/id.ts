// The one id schema of the wire contract: session, terminal, step, lesson and learner ids alike.
import { z } from 'zod';

/** Letters, digits, `_` and `-`, 1-64 characters: safe in URLs, logs and file names. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');
