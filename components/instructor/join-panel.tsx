// JoinPanel: how learners join, on the dashboard: the join link, the code to read aloud or type on the join page, and a QR code of the link.
'use client';

import { useSyncExternalStore } from 'react';
import type { WorkshopJoin } from '../../core/protocol';
import { QrCode } from './qr-code';

/** Shown size of the QR code (in CSS pixels): readable by a phone from a few metres off a projector. */
const QR_PX = 168;

/** "ABCDE23456" → "ABCDE 23456": groups of five read aloud more easily (the join page ignores the space). */
export const spokenCode = (code: string): string => (/^[A-Z0-9]{10}$/.test(code) ? `${code.slice(0, 5)} ${code.slice(5)}` : code);

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * The link as learners can use it: this page's origin (it may be a proxy's or a DNS name),
 * unless the instructor opened it on the lab machine itself, where the LAN address is what others reach.
 */
export function joinOrigin(location: { protocol: string; hostname: string; port: string; origin: string }, lanAddress: string | null): string {
  if (!LOOPBACK.test(location.hostname) || !lanAddress) return location.origin;
  return `${location.protocol}//${lanAddress}${location.port ? `:${location.port}` : ''}`;
}

/** The page's origin does not change while the page lives: there is nothing to subscribe to. */
const noSubscription = () => () => {};

export function JoinPanel({ join }: { join: WorkshopJoin }) {
  // The page's address exists only in the browser: null on the server and while hydrating, so both renders agree.
  const origin = useSyncExternalStore(
    noSubscription,
    () => joinOrigin(window.location, join.lanAddress),
    () => null,
  );
  if (origin === null) return null;
  const link = `${origin}/join?code=${encodeURIComponent(join.code)}`;
  return (
    <details open className="border-b border-line bg-surface" data-testid="join-panel">
      <summary className="cursor-pointer px-4 py-2 text-sm font-semibold text-ink">
        Join: <span className="font-mono tracking-wider">{spokenCode(join.code)}</span>
      </summary>
      <div className="flex gap-4 px-4 pb-3">
        <div className="shrink-0 rounded bg-white p-1">
          <QrCode text={link} label={`QR code of the join link ${link}`} size={QR_PX} />
        </div>
        <dl className="min-w-0 space-y-2 text-sm">
          <div>
            <dt className="text-muted">Join code</dt>
            <dd data-testid="join-code" className="font-mono text-2xl font-semibold tracking-widest text-ink">
              {spokenCode(join.code)}
            </dd>
          </div>
          <div>
            <dt className="text-muted">Type it at</dt>
            <dd className="break-all font-mono text-ink">{origin}/join</dd>
          </div>
          <div>
            <dt className="text-muted">or open the link</dt>
            <dd>
              <a data-testid="join-link" href={link} className="break-all font-mono text-xs text-accent underline">
                {link}
              </a>
            </dd>
          </div>
        </dl>
      </div>
    </details>
  );
}
