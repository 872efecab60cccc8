// Saving a learner's display name: the one request both the header's name control and the join page make.
import type { LabRequest } from '../connection/use-lab-socket';

/** The name as stored, or the problem to show (without the request's name in front). */
export async function renameLearner(request: LabRequest, displayName: string): Promise<{ saved: string | null } | { problem: string }> {
  const reply = await request('learner:rename', { displayName });
  if (!reply.ok) return { problem: reply.error.message.replace(/^learner:rename: /, '') };
  return { saved: reply.value.displayName };
}
