// A running workshop: its secrets, who is online, and the instructor's live picture of every learner.
import type { WorkshopSnapshot } from '../../core/protocol';
import type { Session } from '../sessions/session';
import { lanAddress } from './lan-address';
import { Roster } from './roster';
import type { WorkshopSecrets } from './workshop-access';
import type { RoomAnswer } from './prediction-tally';
import { workshopSnapshot } from './workshop-snapshot';

const answersKey = (learner: string, lesson: string) => JSON.stringify([learner, lesson]);

export class Workshop {
  readonly roster = new Roster();

  constructor(
    readonly secrets: WorkshopSecrets,
    /** Every live session (the session manager's `everyone`). */
    private readonly sessions: () => readonly Session[],
    /** A learner's display name, when they gave one (the progress store knows it). */
    private readonly nameOf: (learner: string) => Promise<string | null> = async () => null,
    /** The address the lab listens on: on every interface, the dashboard's join link names this machine's LAN address. */
    private readonly listenHost = '127.0.0.1',
    /** A learner's answers to a lesson's predictions (the progress store knows them). */
    private readonly predictionsOf: (learner: string, lesson: string) => Promise<readonly RoomAnswer[]> = async () => [],
  ) {}

  /** Reads the names and answers it needs from the store first, then builds the picture from one list of sessions. */
  async snapshot(now = Date.now()): Promise<WorkshopSnapshot> {
    const sessions = this.sessions();
    const learners = new Set([...this.roster.online, ...sessions.map((s) => s.owner)]);
    const names = new Map(await Promise.all([...learners].map(async (learner) => [learner, await this.nameOf(learner)] as const)));
    const asked = new Map(sessions.map((s) => [answersKey(s.owner, s.lesson.slug), { learner: s.owner, lesson: s.lesson.slug }]));
    const answers = new Map(await Promise.all([...asked].map(async ([key, { learner, lesson }]) => [key, await this.predictionsOf(learner, lesson)] as const)));
    const join = { code: this.secrets.joinCode, lanAddress: lanAddress(this.listenHost) };
    return workshopSnapshot(
      sessions,
      this.roster,
      (learner) => names.get(learner) ?? null,
      join,
      now,
      (learner, lesson) => answers.get(answersKey(learner, lesson)) ?? [],
    );
  }

  /** The URLs the server prints: the instructor's (with the token) and the learners' (with the join code). */
  urls(origin: string): { instructor: string; join: string } {
    return {
      instructor: `${origin}/instructor?token=${encodeURIComponent(this.secrets.instructorToken)}`,
      join: `${origin}/join?code=${encodeURIComponent(this.secrets.joinCode)}`,
    };
  }
}
