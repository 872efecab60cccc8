// Terminal registry: lets the lesson's Run buttons type into a terminal by name, wherever it is on the page.
'use client';

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

/** What a mounted terminal offers to the rest of the page. */
export type TerminalHandle = {
  /** Sends text as if typed; false when the terminal is not connected to a shell right now. */
  input(data: string): boolean;
  focus(): void;
};

export type RunResult = 'sent' | 'not-ready' | 'unknown-terminal';

type Registry = {
  /** Registers `handle` under `name`; returns the function that unregisters it. */
  register: (name: string, handle: TerminalHandle) => () => void;
  /**
   * Types `command` followed by Enter into the named terminal (its first one if null) and shows it.
   * The focus stays where it was (the Run button): moving it into the terminal left keyboard
   * learners inside it after every Run.
   */
  runInTerminal: (name: string | null, command: string) => RunResult;
  /** Moves the keyboard focus into the named terminal (e.g. after a panel beside it closed). */
  focusTerminal: (name: string) => void;
  /** The terminal the panel shows; Run switches it to the terminal it types into. */
  activeName: string | null;
  setActiveName: (name: string) => void;
};

const RegistryContext = createContext<Registry | null>(null);

export function TerminalRegistryProvider({ children }: { children: ReactNode }) {
  const handles = useRef(new Map<string, TerminalHandle>());
  const order = useRef<string[]>([]);
  const [activeName, setActiveName] = useState<string | null>(null);

  const register = useCallback((name: string, handle: TerminalHandle) => {
    handles.current.set(name, handle);
    if (!order.current.includes(name)) order.current.push(name);
    return () => {
      if (handles.current.get(name) !== handle) return;
      handles.current.delete(name);
      order.current = order.current.filter((n) => n !== name);
    };
  }, []);

  const runInTerminal = useCallback((name: string | null, command: string): RunResult => {
    const target = name ?? order.current[0];
    const handle = target === undefined ? undefined : handles.current.get(target);
    if (!handle || target === undefined) return 'unknown-terminal';
    setActiveName(target);
    // Commands are one line per Enter; a multi-line block is typed line by line, like a paste.
    const text = command.replace(/\r?\n/g, '\r').replace(/\r*$/, '') + '\r';
    return handle.input(text) ? 'sent' : 'not-ready';
  }, []);

  const focusTerminal = useCallback((name: string) => handles.current.get(name)?.focus(), []);

  const value = useMemo(() => ({ register, runInTerminal, focusTerminal, activeName, setActiveName }), [register, runInTerminal, focusTerminal, activeName]);
  return <RegistryContext.Provider value={value}>{children}</RegistryContext.Provider>;
}

export function useTerminalRegistry(): Registry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useTerminalRegistry needs a <TerminalRegistryProvider> above it');
  return registry;
}
