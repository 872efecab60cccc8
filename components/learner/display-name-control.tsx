// DisplayNameControl: the header's "You: Anonymous — set name": shows the learner's display name and lets them change it.
'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX_CHARS } from '../../core/protocol';
import { useLabConnection } from '../connection/lab-connection';
import { renameLearner } from './rename-learner';

export function DisplayNameControl() {
  const { request, state, epoch } = useLabConnection();
  const [name, setName] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state !== 'live') return;
    let current = true;
    void request('learner:profile', {}).then((reply) => {
      if (!current || !reply.ok) return;
      setName(reply.value.displayName);
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [request, state, epoch]);

  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  // Until the lab answers there is nothing to show or change.
  if (!loaded) return null;

  // Never rejects: renameLearner's request resolves with the lab's answer, a failure included.
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const result = await renameLearner(request, draft);
    setSaving(false);
    if ('problem' in result) return setProblem(result.problem);
    setName(result.saved);
    setEditing(false);
  };

  if (editing) {
    return (
      <form onSubmit={(e) => void save(e)} className="flex items-center gap-1.5 text-sm" data-testid="display-name-form">
        <label htmlFor="display-name" className="text-muted">
          Your name
        </label>
        <input
          id="display-name"
          ref={input}
          value={draft}
          maxLength={DISPLAY_NAME_MAX_CHARS + 10}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'display-name-problem' : undefined}
          className="w-40 rounded border border-line bg-paper px-2 py-0.5 text-ink"
        />
        <button type="submit" disabled={saving} className="rounded bg-accent px-2 py-0.5 font-medium text-white hover:bg-accent-strong disabled:opacity-50">
          Save
        </button>
        <button type="button" onClick={() => setEditing(false)} className="rounded px-2 py-0.5 text-ink-soft hover:bg-paper">
          Cancel
        </button>
        {problem ? (
          <span id="display-name-problem" role="alert" className="text-xs text-rose-800">
            {problem}
          </span>
        ) : null}
      </form>
    );
  }
  return (
    <p className="flex items-center gap-1 text-sm text-ink-soft" data-testid="display-name">
      <span>
        You: <span className={name ? 'font-medium text-ink' : 'italic'}>{name ?? 'Anonymous'}</span>
      </span>
      <span aria-hidden>—</span>
      <button
        type="button"
        onClick={() => {
          setDraft(name ?? '');
          setProblem(null);
          setEditing(true);
        }}
        className="rounded px-1 text-accent underline-offset-2 hover:underline"
      >
        {name ? 'change' : 'set name'}
      </button>
    </p>
  );
}
