// ProgressBar: steps passed of a lesson's total as a bar, accent while under way and emerald once complete (catalogue cards, the lesson's header).

type Props = {
  passed: number;
  total: number;
  complete: boolean;
  /** The bar's accessible name, e.g. "Your progress". */
  label: string;
  /** Sizing and height within its row, e.g. `h-1.5 flex-1`. */
  className: string;
};

export function ProgressBar({ passed, total, complete, label, className }: Props) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={passed}
      aria-valuetext={`${passed} of ${total} ${total === 1 ? 'step' : 'steps'} done`}
      className={`overflow-hidden rounded-full bg-line ${className}`}
    >
      <div
        className={`h-full rounded-full transition-[width] duration-500 motion-reduce:transition-none ${complete ? 'bg-emerald-600' : 'bg-accent'}`}
        style={{ width: `${total > 0 ? (passed / total) * 100 : 0}%` }}
      />
    </div>
  );
}
