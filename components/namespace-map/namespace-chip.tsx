// NamespaceChip: one namespace as a coloured, labelled button ("#2" in a typed column, "uts#2" elsewhere).
import type { NamespaceType } from '../../core/namespaces';
import type { NamespaceLook } from './namespace-colors';
import type { RovingItemProps } from './use-roving-focus';

type Props = {
  type: NamespaceType;
  inode: number;
  look: NamespaceLook;
  /** `short` inside a column already named by its type. */
  variant: 'short' | 'full';
  selected: boolean;
  /** A call picked on the syscall timeline created or entered it: marked, beside any selection. */
  focused?: boolean;
  /** Without it the chip is a plain label (e.g. the heading of its own details). */
  onClick?: () => void;
  /** Who the chip belongs to, for its accessible name, e.g. "sh (PID 6)". */
  owner?: string;
  /** Its place among the view's arrow-key items (see useRovingFocus). */
  roving?: RovingItemProps;
};

export function namespaceDescription(type: NamespaceType, inode: number, look: NamespaceLook): string {
  const kind = look.baseline ? "the sandbox's own" : 'new, not the sandbox’s';
  return `${type} namespace ${look.label}, inode ${inode}, ${kind}`;
}

export function NamespaceChip({ type, inode, look, variant, selected, focused = false, onClick, owner, roving }: Props) {
  const description = namespaceDescription(type, inode, look);
  const className = `inline-flex h-5 min-w-10 items-center justify-center rounded border px-1.5 font-mono text-xs tabular-nums ${look.baseline ? 'font-normal' : 'font-bold'} ${look.className}`;
  const text = variant === 'short' ? look.short : look.label;
  if (!onClick) {
    return (
      <span title={description} className={className}>
        {text}
        <span className="sr-only">, inode {inode}</span>
      </span>
    );
  }
  return (
    <button
      type="button"
      {...roving}
      data-ns-type={type}
      data-ns-inode={inode}
      data-ns-new={look.baseline ? 'false' : 'true'}
      data-focused={focused ? 'true' : undefined}
      aria-pressed={selected}
      aria-label={`${owner ? `${owner}: ${description}` : description}${focused ? ', made or entered by the picked call' : ''}`}
      title={description}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      className={`${className} transition-transform hover:-translate-y-px ${selected ? 'ring-2 ring-white ring-offset-1 ring-offset-term' : focused ? 'outline-2 outline-offset-2 outline-dashed outline-white/80' : ''}`}
    >
      {text}
    </button>
  );
}
