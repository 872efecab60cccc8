// SessionProblem: covers the terminal pane while the sandbox starts, or explains why it could not (with a retry).
import type { MachineStatus } from '../../core/protocol';
import { MachineStarting } from './machine-starting';
import type { SessionStatus } from './use-lab-session';
import type { LabConnection } from '../connection/use-lab-socket';

type Props = { conn: LabConnection; session: SessionStatus; machine: MachineStatus | null; onRetrySession: () => void };

export function SessionProblem({ conn, session, machine, onRetrySession }: Props) {
  if (conn.state === 'ended') {
    return <Cover title="Disconnected from the lab server." detail={conn.endReason ?? 'The connection was closed.'} action="Reconnect" onAction={conn.reconnect} />;
  }
  if (conn.state === 'live' && session.kind === 'failed' && session.code === 'forbidden') {
    return <Cover title="This lab is running a workshop." detail="Ask your instructor for the join link, then open it in this browser." />;
  }
  if (conn.state === 'live' && session.kind === 'failed' && session.code === 'machine_starting') {
    if (machine?.state === 'failed') {
      return <Cover title="The lab machine could not start." detail={machine.summary} action="Try again" onAction={onRetrySession} />;
    }
    return <MachineStarting summary={machine?.summary ?? session.message} log={machine?.log ?? []} />;
  }
  if (conn.state === 'live' && session.kind === 'failed') {
    return <Cover title={machine?.state === 'failed' ? 'The lab machine is not reachable.' : 'The sandbox could not start.'} detail={session.message} action="Try again" onAction={onRetrySession} />;
  }
  if (session.kind === 'ended' && session.reason === 'ended by the instructor') {
    return <Cover title="Your session was ended by the instructor." detail="A new session starts with a fresh sandbox." action="Start again" onAction={onRetrySession} />;
  }
  if (session.kind === 'ended') {
    return <Cover title="Your session ended." detail={`It was ${session.reason}. A new session starts with a fresh sandbox.`} action="Start again" onAction={onRetrySession} />;
  }
  if (conn.state === 'live' && session.kind === 'waiting') {
    return (
      <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center">
        <p className="flex items-center gap-2 text-sm text-term-muted">
          <span aria-hidden className="size-2 animate-pulse rounded-full bg-teal-300" />
          Starting your sandbox…
        </p>
      </div>
    );
  }
  return null;
}

type CoverProps = { title: string; detail: string; action?: string; onAction?: () => void };

function Cover({ title, detail, action, onAction }: CoverProps) {
  return (
    <div className="absolute inset-0 z-10 flex items-center justify-center bg-term/90 p-6">
      <div role="alert" className="max-h-full max-w-md overflow-y-auto rounded-lg border border-term-line bg-term-raised px-5 py-4 text-center shadow-xl">
        <p className="font-medium text-rose-200">{title}</p>
        <p className="mt-1 text-sm break-words text-term-muted">{detail}</p>
        {action && (
          <button type="button" onClick={onAction} className="mt-4 rounded-md bg-teal-500 px-3 py-1.5 text-sm font-semibold text-slate-950 hover:bg-teal-400">
            {action}
          </button>
        )}
      </div>
    </div>
  );
}
