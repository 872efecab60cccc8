// A running workshop: its secrets, who is online, and the instructor's live picture of every learner on every node.
import type { Lesson } from '../../core/lesson/schema';
import type { WorkshopSnapshot } from '../../core/protocol';
import type { Session } from '../sessions/session';
import type { RoomRecords } from '../store/progress-store';
import { lanAddress } from './lan-address';
import { Roster } from './roster';
import type { WorkshopSecrets } from './workshop-access';
import type { RoomAnswer } from './prediction-tally';
import { combineParts, livePart, type LivePart } from './workshop-snapshot';

const answersKey = (learner: string, lesson: string) => JSON.stringify([learner, lesson]);

export type WorkshopOptions = {
  secrets: WorkshopSecrets;
  /** Every live session of this node (the session manager's `everyone`). */
  sessions: () => readonly Session[];
  /** A lesson by slug: a session of another node names its lesson only. */
  lessonOf: (slug: string) => Promise<Lesson | null>;
  /**
   * The display names of the room's learners and their answers to the predictions of the lessons open (the progress
   * store's `room`): asked once per snapshot, however many learners, since the dashboard asks on every tick.
   */
  roomOf?: (learners: readonly string[], lessons: readonly string[]) => Promise<RoomRecords>;
  /** The address the lab listens on: on every interface, the dashboard's join link names this machine's LAN address. */
  listenHost?: string;
  /** This node's id (NSLAB_NODE_ID): each of its sessions in the picture names it. */
  node?: string;
  /** What the other nodes of the workshop hold (none for a lab of one node). */
  otherNodes?: () => Promise<readonly LivePart[]>;
};

export class Workshop {
  readonly roster = new Roster();
  readonly secrets: WorkshopSecrets;

  constructor(private readonly options: WorkshopOptions) {
    this.secrets = options.secrets;
  }

  /** This node's learners and sessions, as another node's instructor asks for them. */
  livePart(now = Date.now()): LivePart {
    return livePart(this.options.sessions(), this.roster, now, this.options.node);
  }

  /** Gathers every node's part, then reads the names and answers (one store query) and the lessons it needs, then builds the picture. */
  async snapshot(now = Date.now()): Promise<WorkshopSnapshot> {
    const { roomOf = async () => ({ names: new Map<string, string>(), predictions: [] }), otherNodes = async () => [] } = this.options;
    const parts = [this.livePart(now), ...(await otherNodes())];
    const learners = new Set(parts.flatMap((p) => p.learners.map((l) => l.learnerId)));
    const opened = parts.flatMap((p) => p.learners.flatMap((l) => l.sessions.map((s) => ({ learner: l.learnerId, lesson: s.lesson }))));
    const slugs = new Set(opened.map((o) => o.lesson));
    const room = await roomOf([...learners], [...slugs]);
    // One list per learner and lesson, oldest answer first as the store returns them.
    const answers = new Map<string, RoomAnswer[]>();
    for (const p of room.predictions) {
      const key = answersKey(p.learner, p.lesson);
      answers.set(key, [...(answers.get(key) ?? []), p]);
    }
    const lessons = new Map<string, Lesson>();
    for (const slug of slugs) {
      const lesson = await this.options.lessonOf(slug);
      if (lesson) lessons.set(slug, lesson);
    }
    const join = { code: this.secrets.joinCode, lanAddress: lanAddress(this.options.listenHost ?? '127.0.0.1') };
    return combineParts(
      parts,
      lessons,
      (learner) => room.names.get(learner) ?? null,
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
