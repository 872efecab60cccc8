// What the learner clicked on the map: a process, or one namespace (seen through one of its processes).
import type { NamespaceType } from '../../core/namespaces';

export type MapSelection = { kind: 'process'; pid: number } | { kind: 'namespace'; type: NamespaceType; inode: number; pid: number };

export type Select = (selection: MapSelection | null) => void;

export function isSelected(selection: MapSelection | null, type: NamespaceType, inode: number): boolean {
  return selection?.kind === 'namespace' && selection.type === type && selection.inode === inode;
}
