// JoinNameForm: after joining a workshop, asks for the display name the instructor sees, saves it like the header's name control, then opens the lessons.
'use client';

import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX_CHARS } from '../../core/protocol';
import { renameLearner } from '../learner/rename-learner';
import { useLabConnection } from '../connection/lab-connection';

export function JoinNameForm() {
  const { request, state, epoch } = useLabConnection();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // A learner who joined before keeps the name they gave.
  useEffect(() => {
    if (state !== 'live') return;
    let current = true;
    void request('learner:profile', {}).then((reply) => {
      if (current && reply.ok && reply.value.displayName) setDraft((d) => d || reply.value.displayName!);
    });
    return () => {
      current = false;
    };
  }, [request, state, epoch]);

  // Never rejects: renameLearner's request resolves with the lab's answer, a failure included.
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const result = await renameLearner(request, draft);
    setSaving(false);
    if ('problem' in result) return setProblem(result.problem);
    window.location.assign('/');
  };

  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight text-ink">You have joined the workshop</h1>
      <p className="mt-2 text-ink-soft">What should your instructor call you? They see this name beside your progress.</p>
      <form onSubmit={(e) => void save(e)} data-testid="join-name-form" className="mt-6 grid gap-2 rounded-xl border border-line bg-surface p-5">
        <label htmlFor="join-name" className="font-semibold text-ink">
          Your name
        </label>
        <input
          id="join-name"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={DISPLAY_NAME_MAX_CHARS}
          required
          autoComplete="name"
          autoFocus
          aria-describedby={problem ? 'join-name-problem' : undefined}
          className="rounded-lg border border-line bg-paper px-3 py-2 text-lg text-ink"
        />
        {problem && (
          <p id="join-name-problem" role="alert" className="text-sm text-rose-800">
            {problem}
          </p>
        )}
        <div className="mt-1 flex items-center gap-4">
          <button type="submit" disabled={saving || state !== 'live'} className="rounded-lg bg-accent px-5 py-2 font-semibold text-white hover:bg-accent-strong disabled:opacity-60">
            {saving ? 'Saving…' : 'Continue'}
          </button>
          <Link href="/" className="text-sm text-muted underline hover:text-ink">
            Skip for now
          </Link>
        </div>
      </form>
    </div>
  );
}
