// useNamespaceMap: watches the session's map while it is on screen (map:watch) and turns map:update pushes into a view model.
'use client';

import { useEffect, useMemo, useState } from 'react';
import { ProcessTree } from '../../core/probe/process-tree';
import { PUSH, type MapUpdate, type TerminalSpec } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';
import { namespaceChanges, processRows, type MapRow, type NamespaceChange } from './map-model';
import { NamespaceLabeler } from './namespace-colors';
import { usePageVisible } from './use-page-visible';

export type NamespaceMapData = {
  /** The session the map belongs to, or null while none is open. */
  sessionId: string | null;
  tree: ProcessTree | null;
  rows: MapRow[];
  labeler: NamespaceLabeler;
  /** When the server probed the snapshot (ms since the epoch). */
  at: number | null;
  /** What changed since the previous snapshot (namespaces that appeared or went). */
  changes: NamespaceChange[];
  terminals: readonly TerminalSpec[];
};

/** `open`: the map is expanded. The server is asked to probe only while it is open and the page is visible. */
export function useNamespaceMap(open: boolean, declared: readonly TerminalSpec[]): NamespaceMapData {
  const { conn, session } = useLab();
  const { socket, send } = conn;
  const pageVisible = usePageVisible();
  const watching = open && pageVisible;
  const [shown, setShown] = useState<Shown | null>(null);
  // One labeler for the page's life: a namespace keeps its colour and number across snapshots and sessions.
  const [labeler] = useState(() => new NamespaceLabeler());
  const sessionId = session?.sessionId ?? null;

  // A new session (also the same one reopened after a reconnect) starts from its first push: cleared while
  // rendering (React's "adjusting state when a prop changes"), so no render shows the old session's map.
  const [shownFor, setShownFor] = useState({ socket, sessionId, session });
  if (shownFor.socket !== socket || shownFor.sessionId !== sessionId || shownFor.session !== session) {
    setShownFor({ socket, sessionId, session });
    setShown(null);
  }

  useEffect(() => {
    if (!socket || !sessionId) return;
    let previous: ProcessTree | null = null;
    const onUpdate = (u: MapUpdate) => {
      if (u.sessionId !== sessionId) return;
      const tree = new ProcessTree(u.snapshot);
      labeler.observe(tree);
      setShown({ tree, at: u.at, changes: namespaceChanges(previous, tree) });
      previous = tree;
    };
    socket.on(PUSH.mapUpdate, onUpdate);
    return () => {
      socket.off(PUSH.mapUpdate, onUpdate);
    };
  }, [socket, sessionId, session, labeler]);

  // Keyed on the session object: each (re)open of the session on a live socket must be told again.
  useEffect(() => {
    if (!session || !watching) return;
    send('map:watch', { sessionId: session.sessionId, visible: true });
    return () => send('map:watch', { sessionId: session.sessionId, visible: false });
  }, [session, watching, send]);

  const terminals = session?.terminals.length ? session.terminals : declared;
  const rows = useMemo(() => (shown ? processRows(shown.tree, terminals) : []), [shown, terminals]);
  return {
    sessionId,
    tree: shown?.tree ?? null,
    rows,
    labeler,
    at: shown?.at ?? null,
    changes: shown?.changes ?? [],
    terminals,
  };
}

type Shown = { tree: ProcessTree; at: number; changes: NamespaceChange[] };
