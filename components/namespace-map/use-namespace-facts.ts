// useNamespaceFacts: asks the server (map:facts) about one namespace of one process, again on map updates and every few seconds.
'use client';

import { useEffect, useState } from 'react';
import type { NamespaceType } from '../../core/namespaces';
import type { NamespaceFacts } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';
import { usePageVisible } from './use-page-visible';

/**
 * While a namespace's details are open, read its facts again this often (in milliseconds): a change
 * like `hostname web1` alters no process or namespace, so no map update would bring it.
 */
export const FACTS_REFRESH_MS = 2_000;

export type FactsTarget = { pid: number; type: NamespaceType };

export type FactsState = { status: 'loading' } | { status: 'ok'; facts: NamespaceFacts } | { status: 'error'; message: string };

/** `refreshKey` changes when the map updates: a hostname set in the terminal shows without a click. */
export function useNamespaceFacts(target: FactsTarget | null, refreshKey: number | null): FactsState | null {
  const { conn, session } = useLab();
  const { request } = conn;
  const sessionId = session?.sessionId ?? null;
  const pid = target?.pid ?? null;
  const type = target?.type ?? null;
  const [state, setState] = useState<FactsState | null>(pid === null ? null : { status: 'loading' });
  const [tick, setTick] = useState(0);
  const pageVisible = usePageVisible();

  // A different namespace starts from "loading"; a refresh of the same one keeps the old facts on screen.
  // Set while rendering (React's "adjusting state when a prop changes"): no render shows another namespace's facts.
  const [stateOf, setStateOf] = useState({ pid, type });
  if (stateOf.pid !== pid || stateOf.type !== type) {
    setStateOf({ pid, type });
    setState(pid === null ? null : { status: 'loading' });
  }

  useEffect(() => {
    if (pid === null || !pageVisible) return;
    const timer = setInterval(() => setTick((n) => n + 1), FACTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pid, pageVisible]);

  useEffect(() => {
    if (pid === null || type === null || !sessionId) return;
    let cancelled = false;
    void request('map:facts', { sessionId, pid, type }).then((reply) => {
      if (cancelled) return;
      setState(reply.ok ? { status: 'ok', facts: reply.value } : { status: 'error', message: reply.error.message });
    });
    return () => {
      cancelled = true;
    };
  }, [pid, type, sessionId, request, refreshKey, tick]);

  return state;
}
