// LabConnectionProvider: the page's one connection to the lab server, opened by the root layout and shared by every part of the page (house rule 11).
'use client';

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { TerminalDemand } from './terminal-demand';
import { useLabSocket, type LabConnection } from './use-lab-socket';

const ConnectionContext = createContext<{ conn: LabConnection; demand: TerminalDemand } | null>(null);

export function LabConnectionProvider({ children }: { children: ReactNode }) {
  const [demand] = useState(() => new TerminalDemand());
  const conn = useLabSocket(demand);
  const value = useMemo(() => ({ conn, demand }), [conn, demand]);
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

/**
 * The page's connection. `terminals: true` from a part that shows terminals: the connection then
 * opens its terminal stream (and goes `live` only once it is open) for as long as that part is mounted.
 */
export function useLabConnection({ terminals = false }: { terminals?: boolean } = {}): LabConnection {
  const context = useContext(ConnectionContext);
  if (!context) throw new Error('useLabConnection needs a <LabConnectionProvider> above it (the root layout has one)');
  const { demand } = context;
  useEffect(() => (terminals ? demand.want() : undefined), [demand, terminals]);
  return context.conn;
}
