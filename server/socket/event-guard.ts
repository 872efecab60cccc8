// Which socket events a page may use, by role: instructor events for the instructor only; a visitor may only read.
import { wireError, type WireError } from '../../core/protocol';
import type { Role } from '../workshop/workshop-access';

/**
 * What a visitor (a workshop page without the join code) may ask: reads that store nothing.
 * Everything else — shells, checks, a display name, a progress reset — is refused before its
 * payload is parsed, so a stranger cannot write a row to the database (an allow-list: a new
 * event is refused to visitors until it is added here).
 */
const VISITOR_EVENTS: ReadonlySet<string> = new Set(['progress:catalogue', 'learner:profile']);

export const NOT_JOINED = 'this is a workshop: ask your instructor for the join link';

export function guardFor(role: Role): (event: string) => WireError | null {
  return (event) => {
    if (event.startsWith('instructor:') && role !== 'instructor') return wireError('forbidden', `${event} is for the workshop's instructor only`);
    if (role === 'visitor' && !VISITOR_EVENTS.has(event)) return wireError('forbidden', NOT_JOINED);
    return null;
  };
}
