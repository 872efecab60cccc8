// Stable text labels ("uts#2") and colours per namespace inode; the sandbox's own namespaces are drawn neutral.
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import type { ProcessTree } from '../../core/probe/process-tree';

/**
 * Chip colours for namespaces that differ from the sandbox's own, as literal Tailwind classes (Tailwind
 * only generates classes it finds spelled out). Each is a light fill under near-black text (#0e1116):
 * every pair is above 9:1, and the fills stand out against the dark map (--color-term).
 */
export const NEW_NAMESPACE_COLORS = [
  'bg-teal-300 text-[#0e1116] border-teal-200',
  'bg-amber-300 text-[#0e1116] border-amber-200',
  'bg-pink-300 text-[#0e1116] border-pink-200',
  'bg-sky-300 text-[#0e1116] border-sky-200',
  'bg-lime-300 text-[#0e1116] border-lime-200',
  'bg-violet-300 text-[#0e1116] border-violet-200',
  'bg-orange-300 text-[#0e1116] border-orange-200',
  'bg-rose-300 text-[#0e1116] border-rose-200',
] as const;

/** The sandbox's starting namespace of a type: outlined and grey (term-muted on term is 7.5:1), so new ones stand out. */
export const BASELINE_COLOR = 'bg-transparent text-term-muted border-term-line';

export type NamespaceLook = {
  /** Per-type number in order of first sight; the sandbox's own namespace is 1. */
  number: number;
  /** Full text label, e.g. `uts#2`. */
  label: string;
  /** Short label for a column already named by its type, e.g. `#2`. */
  short: string;
  /** Whether this is the sandbox's starting namespace of its type. */
  baseline: boolean;
  /** Tailwind classes for background, text and border. */
  className: string;
};

/**
 * Numbers namespaces per type in the order they are first seen, so a label never changes while the
 * map is open (a namespace that disappears keeps its number; a later one gets the next).
 */
export class NamespaceLabeler {
  private readonly numbers = new Map<NamespaceType, Map<number, number>>();
  private readonly baselines = new Map<NamespaceType, number>();

  /** Learns the namespaces of a snapshot: the baselines first (they get #1), then the rest in process order. */
  observe(tree: ProcessTree): void {
    // A different baseline means a fresh sandbox: its namespaces start again from #1.
    if (NAMESPACE_TYPES.some((t) => this.baselines.has(t) && this.baselines.get(t) !== tree.baseline(t))) this.reset();
    for (const type of NAMESPACE_TYPES) {
      const base = tree.baseline(type);
      if (base === undefined) continue;
      this.baselines.set(type, base);
      this.assign(type, base);
    }
    for (const p of tree.processes) {
      for (const type of NAMESPACE_TYPES) {
        const inode = p.ns[type];
        if (inode !== undefined) this.assign(type, inode);
      }
    }
  }

  look(type: NamespaceType, inode: number): NamespaceLook {
    const number = this.assign(type, inode);
    const baseline = this.baselines.get(type) === inode;
    const className = baseline ? BASELINE_COLOR : colorFor(number);
    return { number, label: `${type}#${number}`, short: `#${number}`, baseline, className };
  }

  private assign(type: NamespaceType, inode: number): number {
    let byInode = this.numbers.get(type);
    if (!byInode) this.numbers.set(type, (byInode = new Map<number, number>()));
    let n = byInode.get(inode);
    if (n === undefined) byInode.set(inode, (n = byInode.size + 1));
    return n;
  }

  private reset(): void {
    this.numbers.clear();
    this.baselines.clear();
  }
}

/** Colour of a non-baseline namespace numbered `number` (2, 3, …): the palette in order, then round again. */
export function colorFor(number: number): string {
  const i = (((number - 2) % NEW_NAMESPACE_COLORS.length) + NEW_NAMESPACE_COLORS.length) % NEW_NAMESPACE_COLORS.length;
  return NEW_NAMESPACE_COLORS[i]!;
}

/** The last digits of an inode, for a label that must fit a chip: `…532841`. */
export function inodeTail(inode: number, digits = 6): string {
  const text = String(inode);
  return text.length <= digits ? text : `…${text.slice(-digits)}`;
}
