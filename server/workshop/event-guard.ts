// Which socket events a page may use, by role: instructor events for the instructor only, shells for joined learners.
import { wireError, type WireError } from '../../core/protocol';
import type { Role } from './workshop-access';

/** Events that hand out or drive a shell. */
const SHELL_EVENTS = /^(session|terminal|check|map):/;

export const NOT_JOINED = 'this is a workshop: ask your instructor for the join link';

export function guardFor(role: Role): (event: string) => WireError | null {
  return (event) => {
    if (event.startsWith('instructor:') && role !== 'instructor') return wireError('forbidden', `${event} is for the workshop's instructor only`);
    if (role === 'visitor' && SHELL_EVENTS.test(event)) return wireError('forbidden', NOT_JOINED);
    return null;
  };
}
