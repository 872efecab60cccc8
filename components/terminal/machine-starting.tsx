// MachineStarting: covers the terminal pane while the lab machine (a VM) boots, with its latest progress lines.
type Props = { summary: string; log: string[] };

export function MachineStarting({ summary, log }: Props) {
  return (
    <div className="absolute inset-0 z-10 flex items-center justify-center bg-term/90 p-6">
      <div role="status" data-testid="machine-starting" className="w-full max-w-xl rounded-lg border border-term-line bg-term-raised px-5 py-4 shadow-xl">
        <p className="flex items-center gap-2 font-medium text-teal-200">
          <span aria-hidden className="size-2 animate-pulse rounded-full bg-teal-300" />
          The lab machine is starting…
        </p>
        <p className="mt-1 text-sm break-words text-term-muted">{summary}</p>
        {log.length > 0 && (
          <pre aria-label="Progress" className="mt-3 max-h-40 overflow-hidden rounded bg-term px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap text-term-muted">
            {log.slice(-6).join('\n')}
          </pre>
        )}
        <p className="mt-3 text-xs text-term-muted">Your terminal opens by itself when it is ready; the lesson text is already here to read.</p>
      </div>
    </div>
  );
}
