// FactsList: labelled facts as a definition list, repeated labels (mount, address, route…) gathered under one term.
type Item = { label: string; value: string };

/** Consecutive items with the same label become one entry with several values. */
export function gatherFacts(items: readonly Item[]): { label: string; values: string[] }[] {
  const out: { label: string; values: string[] }[] = [];
  for (const { label, value } of items) {
    const last = out.at(-1);
    if (last && last.label === label) last.values.push(value);
    else out.push({ label, values: [value] });
  }
  return out;
}

export function FactsList({ items, testId }: { items: readonly Item[]; testId?: string }) {
  return (
    <dl data-testid={testId} className="space-y-2 text-sm">
      {gatherFacts(items).map(({ label, values }, i) => (
        <div key={`${label}-${i}`}>
          <dt className="text-xs font-medium text-term-muted">{label}</dt>
          {values.map((v, j) => (
            <dd key={j} className="font-mono break-words text-term-text">
              {v === '' ? <span className="text-term-muted">(empty)</span> : v}
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
