// Random identifiers for sessions, terminals and learners: unguessable, URL- and cookie-safe.
import { randomBytes } from 'node:crypto';

export const newId = (): string => randomBytes(12).toString('base64url');
