// A running workshop: its secrets, who is online, and the instructor's live picture of every learner.
import type { WorkshopSnapshot } from '../../core/protocol';
import type { Session } from '../sessions/session';
import { lanAddress } from './lan-address';
import { Roster } from './roster';
import type { WorkshopSecrets } from './workshop-access';
import type { RoomAnswer } from './prediction-tally';
import { workshopSnapshot } from './workshop-snapshot';

export class Workshop {
  readonly roster = new Roster();

  constructor(
    readonly secrets: WorkshopSecrets,
    /** Every live session (the session manager's `everyone`). */
    private readonly sessions: () => readonly Session[],
    /** A learner's display name, when they gave one (the progress store knows it). */
    private readonly nameOf: (learner: string) => string | null = () => null,
    /** The address the lab listens on: on every interface, the dashboard's join link names this machine's LAN address. */
    private readonly listenHost = '127.0.0.1',
    /** A learner's answers to a lesson's predictions (the progress store knows them). */
    private readonly predictionsOf: (learner: string, lesson: string) => readonly RoomAnswer[] = () => [],
  ) {}

  snapshot(now = Date.now()): WorkshopSnapshot {
    return workshopSnapshot(this.sessions(), this.roster, this.nameOf, { code: this.secrets.joinCode, lanAddress: lanAddress(this.listenHost) }, now, this.predictionsOf);
  }

  /** The URLs the server prints: the instructor's (with the token) and the learners' (with the join code). */
  urls(origin: string): { instructor: string; join: string } {
    return {
      instructor: `${origin}/instructor?token=${encodeURIComponent(this.secrets.instructorToken)}`,
      join: `${origin}/join?code=${encodeURIComponent(this.secrets.joinCode)}`,
    };
  }
}
