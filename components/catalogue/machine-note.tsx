// MachineNote: on the catalogue, a line saying the lab machine is still starting (a VM booting) or is not available; nothing when it is ready.
import type { MachineStatus } from '../../core/protocol';

export function MachineNote({ status }: { status: MachineStatus | null }) {
  if (!status || status.state === 'ready') return null;
  const starting = status.state === 'starting';
  return (
    <p
      role="status"
      data-testid="machine-note"
      className={`mb-4 rounded-lg border px-4 py-3 text-sm ${starting ? 'border-teal-200 bg-teal-50 text-teal-900' : 'border-rose-200 bg-rose-50 text-rose-900'}`}
    >
      <span className="font-medium">{starting ? 'The lab machine is starting. ' : 'The lab machine is not available. '}</span>
      {status.summary}
      {starting ? ' You can start reading a lesson: its terminal opens when the machine is ready.' : ''}
    </p>
  );
}
